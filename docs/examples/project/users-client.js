// web's client for the users API: the code web's contract test exercises.
export async function getUser(baseUrl, id) {
  const res = await fetch(`${baseUrl}/users/${id}`, { headers: { Accept: 'application/json' } })
  if (res.status === 404) return null
  if (!res.ok) throw new Error(`GET /users/${id} answered ${res.status}`)
  return res.json()
}
