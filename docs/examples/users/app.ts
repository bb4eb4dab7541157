/**
 * The example provider "users": a small Express API over an in-memory store, plus the events it publishes.
 * Its contract with "web" is verified by ./verify.ts.
 */
import express, { type Express } from 'express'

export interface User {
  id: number
  name: string
  email: string
}

/** The provider's state: tests (and provider-state handlers) put users in and take them out. */
export class UserStore {
  private readonly users = new Map<number, User>()
  private nextId = 1

  add(user: Omit<User, 'id'> & { id?: number }): User {
    const id = user.id ?? this.nextId
    this.nextId = Math.max(this.nextId, id + 1)
    const saved = { id, name: user.name, email: user.email }
    this.users.set(id, saved)
    return saved
  }

  find(id: number): User | undefined {
    return this.users.get(id)
  }

  all(): User[] {
    return [...this.users.values()]
  }

  clear(): void {
    this.users.clear()
    this.nextId = 1
  }
}

/** The event "users" publishes when a user is created (verified as an asynchronous message). */
export function userCreatedEvent(user: User): { type: 'user.created'; user: User } {
  return { type: 'user.created', user }
}

/**
 * @example
 * const store = new UserStore()
 * createUsersApp(store).listen(8080)
 */
export function createUsersApp(store: UserStore): Express {
  const app = express()
  app.use(express.json())
  app.get('/users/:id', (req, res) => {
    const user = store.find(Number(req.params.id))
    if (!user) {
      res
        .status(404)
        .type('application/problem+json')
        .json({ title: 'Not Found', detail: `No user with id ${req.params.id}` })
      return
    }
    res.json(user)
  })
  app.post('/users', (req, res) => {
    if (req.get('authorization') !== 'Bearer let-me-in') {
      res.status(401).json({ detail: 'Send a bearer token' })
      return
    }
    const name = typeof req.body?.name === 'string' ? req.body.name : ''
    const email = typeof req.body?.email === 'string' ? req.body.email : ''
    if (!name || !email) {
      res.status(400).json({ detail: 'name and email are required' })
      return
    }
    res.status(201).json(store.add({ name, email }))
  })
  return app
}
