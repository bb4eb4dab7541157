/**
 * @module contracts
 * Pact contracts: publishing (modern `POST /contracts/publish` and the legacy PUT), content de-duplicated by SHA
 * into pact versions, publications (revisions) per consumer version and provider, retrieval and listings.
 * "Pacts for verification" lives in `for-verification/`. Domain types.
 */
import type { JsonObject } from './pact-content.js'

/** A publication of a pact as read back: who, which consumer version, which content. */
export interface Pact {
  publicationId: number
  revisionNumber: number
  consumer: { id: number; name: string }
  provider: { id: number; name: string }
  consumerVersion: { id: number; number: string }
  pactVersionId: number
  /** The content SHA (the pact version). */
  sha: string
  /** When this publication happened. */
  createdAt: Date
}

/** A pact with its stored document (interactions carry `_id`). */
export interface PactWithContent extends Pact {
  content: JsonObject
}

/** Pact content (a pact version) independent of who published it. */
export interface PactVersion {
  id: number
  consumer: { id: number; name: string }
  provider: { id: number; name: string }
  sha: string
  content: JsonObject
  createdAt: Date
}

/** The columns every pact query selects (see contracts.repository.ts `pactColumns`). */
export interface PactQueryRow {
  publication_id: number
  revision_number: number
  consumer_id: number
  consumer_name: string
  provider_id: number
  provider_name: string
  consumer_version_id: number
  consumer_version_number: string
  pact_version_id: number
  sha: string
  created_at: Date
}

export function toPact(row: PactQueryRow): Pact {
  return {
    publicationId: row.publication_id,
    revisionNumber: row.revision_number,
    consumer: { id: row.consumer_id, name: row.consumer_name },
    provider: { id: row.provider_id, name: row.provider_name },
    consumerVersion: { id: row.consumer_version_id, number: row.consumer_version_number },
    pactVersionId: row.pact_version_id,
    sha: row.sha,
    createdAt: new Date(row.created_at),
  }
}

export function toPactWithContent(row: PactQueryRow & { content: unknown }): PactWithContent {
  return { ...toPact(row), content: row.content as JsonObject }
}

/** "Pact between web (1.0.0) and users", as the Pact Broker names a pact in link titles. */
export function pactName(pact: Pick<Pact, 'consumer' | 'provider' | 'consumerVersion'>): string {
  return `Pact between ${pact.consumer.name} (${pact.consumerVersion.number}) and ${pact.provider.name}`
}
