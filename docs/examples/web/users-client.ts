/**
 * The example consumer "web": the small client it uses to talk to "users", and its handler for users' events.
 * Its expectations of "users" are recorded in ./users.contract.ts.
 */
export interface User {
  id: number
  name: string
  email: string
}

export class UsersClient {
  constructor(
    private readonly baseUrl: string,
    private readonly token = 'let-me-in',
  ) {}

  /** The user, or null when there is none. */
  async getUser(id: number): Promise<User | null> {
    const res = await fetch(`${this.baseUrl}/users/${id}`, { headers: { Accept: 'application/json' } })
    if (res.status === 404) return null
    if (!res.ok) throw new Error(`GET /users/${id} answered ${res.status}`)
    return (await res.json()) as User
  }

  async createUser(input: { name: string; email: string }): Promise<User> {
    const res = await fetch(`${this.baseUrl}/users`, {
      method: 'POST',
      headers: { Accept: 'application/json', 'Content-Type': 'application/json', Authorization: `Bearer ${this.token}` },
      body: JSON.stringify(input),
    })
    if (res.status !== 201) throw new Error(`POST /users answered ${res.status}`)
    return (await res.json()) as User
  }
}

/** What web does with a user-created event: keeps a greeting for the new user. */
export function greetingFor(event: { type: string; user: { name: string } }): string {
  if (event.type !== 'user.created') throw new Error(`web does not handle ${event.type} events`)
  return `Welcome, ${event.user.name}!`
}
