/**
 * @module shared/events
 * A typed in-process event bus. Services emit after their transaction commits; webhooks and audit listeners
 * subscribe. One bus per app (created in main.ts or a test), never a module-level singleton.
 */
import { EventEmitter } from 'node:events'

export interface BrokerEventMap {
  'contract.published': { consumer: string; consumerVersion: string; provider: string; pactVersionSha: string; contentChanged: boolean }
  'verification.published': { consumer: string; provider: string; providerVersion: string; pactVersionSha: string; success: boolean; verificationId: number }
  'deployment.recorded': { pacticipant: string; version: string; environment: string; applicationInstance: string | null }
  'release.recorded': { pacticipant: string; version: string; environment: string }
  /** A can-i-deploy answer (GET /can-i-deploy, or GET /matrix with latestby): true, false, or null for unknown. */
  'can-i-deploy.decided': { deployable: boolean | null }
  /** A pact compared with a provider contract (OpenAPI description), and how long it took. */
  'schema-comparison.completed': { status: string; durationSeconds: number }
  /** Webhook deliveries were written (by a publication, a verification result or a retrigger): the workers look at once. */
  'webhooks.triggered': { count: number }
}

export interface BrokerEvents {
  emit<K extends keyof BrokerEventMap>(name: K, payload: BrokerEventMap[K]): void
  on<K extends keyof BrokerEventMap>(name: K, listener: (payload: BrokerEventMap[K]) => void): () => void
}

/** @example const events = createEvents(); events.on('contract.published', (e) => console.log(e.consumer)) */
export function createEvents(): BrokerEvents {
  const emitter = new EventEmitter()
  return {
    emit: (name, payload) => {
      emitter.emit(name, payload)
    },
    on: (name, listener) => {
      emitter.on(name, listener)
      return () => emitter.off(name, listener)
    },
  }
}
