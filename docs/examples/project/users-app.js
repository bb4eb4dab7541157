// The provider "users": a Node request listener over a store. An Express app is one too, so yours works the same way.
export function createUsersApp(store) {
  return (req, res) => {
    const id = /^\/users\/(\d+)$/.exec(req.url ?? '')?.[1]
    const user = req.method === 'GET' && id ? store.get(Number(id)) : undefined
    if (!user) return void res.writeHead(404).end()
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(user))
  }
}
