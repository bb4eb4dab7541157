/**
 * What the client's method groups (deprecations, provider contracts) are given by `createBrokerClient`: HAL
 * navigation from the index and one request function, so each group follows relations and never builds a path.
 */
import type { HalResource } from './hal.js'

export interface RequestOptions {
  body?: unknown
  /** Query parameters added to the href (undefined values are left out). */
  query?: Record<string, string | undefined>
  /** Extra headers for this request only (e.g. `X-Concord-Actor`). */
  headers?: Record<string, string>
}

export interface Navigator {
  readonly baseUrl: string
  /** The expanded href of a relation of the broker's index; NotABrokerError when the index lacks it. */
  relation(rel: string, values?: Record<string, string>): Promise<string>
  /** The expanded href of a resource's link; NotABrokerError when the resource lacks it. */
  link(resource: HalResource, rel: string, what: string, values?: Record<string, string>): string
  /** Sends a request to a broker href (resolved against the base URL) and returns the parsed body. */
  request<T>(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', href: string, options?: RequestOptions): Promise<T>
}

/** Who makes a change, for the broker's history (sent as `X-Concord-Actor`). */
export interface ActorOption {
  actor?: string | undefined
}

export const actorHeaders = (o: ActorOption | undefined): Record<string, string> | undefined => (o?.actor ? { 'X-Concord-Actor': o.actor } : undefined)
