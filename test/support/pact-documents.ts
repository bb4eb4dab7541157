/**
 * Pact documents and publish bodies for tests: small, valid pacts whose content is controlled by the caller.
 *
 * @example
 * const pact = pactDocument('web', 'users', ['get a user'])
 * await post(`${broker.url}/contracts/publish`, publishBody({ pact, version: '1.0.0', branch: 'main' }))
 */

export type PactDocument = Record<string, any>

/** A V3 pact with one HTTP interaction per description (GET /<description> → 200 {description}). */
export function pactDocument(consumer: string, provider: string, descriptions: string[] = ['a request'], specVersion = '3.0.0'): PactDocument {
  return {
    consumer: { name: consumer },
    provider: { name: provider },
    interactions: descriptions.map((description) => ({
      description,
      providerStates: [{ name: 'things exist' }],
      request: { method: 'GET', path: `/${encodeURIComponent(description.replace(/\s+/g, '-'))}` },
      response: { status: 200, headers: { 'Content-Type': 'application/json' }, body: { description } },
    })),
    metadata: { pactSpecification: { version: specVersion } },
  }
}

export function base64Json(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64')
}

/** A `POST /contracts/publish` body for one or more pacts of the same consumer. */
export function publishBody(options: {
  pact: PactDocument | PactDocument[]
  version: string
  branch?: string
  tags?: string[]
  buildUrl?: string
  onConflict?: 'overwrite' | 'merge'
}): Record<string, unknown> {
  const pacts = Array.isArray(options.pact) ? options.pact : [options.pact]
  const consumer = pacts[0]!.consumer.name as string
  return {
    pacticipantName: consumer,
    pacticipantVersionNumber: options.version,
    ...(options.branch ? { branch: options.branch } : {}),
    ...(options.tags ? { tags: options.tags } : {}),
    ...(options.buildUrl ? { buildUrl: options.buildUrl } : {}),
    contracts: pacts.map((pact) => ({
      consumerName: pact.consumer.name,
      providerName: pact.provider.name,
      specification: 'pact',
      contentType: 'application/json',
      content: base64Json(pact),
      ...(options.onConflict ? { onConflict: options.onConflict } : {}),
    })),
  }
}
