/**
 * The opaque `/metadata/{m}` path segment of pact URLs handed out by "pacts for verification".
 *
 * The verifier fetches the pact through that URL and publishes its result to the
 * `pb:publish-verification-results` link inside it, which keeps the segment. That is how the broker learns, when
 * a result arrives, why the pact was verified: which consumer versions it stood for, whether it was pending
 * and whether it was a work-in-progress pact. Clients treat the segment as opaque; we encode JSON with short
 * keys as base64url (no padding, so no '/' or '=' in the path).
 */

export interface SelectedConsumerVersion {
  /** Consumer version number this pact was selected for. */
  cv?: string
  /** Why: branch, tag, latest, environment, main branch, deployed, released. */
  b?: string
  t?: string
  l?: boolean
  e?: string
  mb?: boolean
  d?: boolean
  r?: boolean
}

export interface PactMetadata {
  /** The selections that picked this pact. */
  s?: SelectedConsumerVersion[]
  /** Pending status at the time it was handed out (present only when pending status was requested). */
  p?: boolean
  /** A work-in-progress pact. */
  w?: boolean
}

/** @example encodePactMetadata({ w: true }) // 'eyJ3Ijp0cnVlfQ' */
export function encodePactMetadata(metadata: PactMetadata): string {
  return Buffer.from(JSON.stringify(metadata), 'utf8').toString('base64url')
}

/**
 * Decodes a metadata segment; returns {} for anything that is not one of ours (including the Pact Broker's
 * own rack-encoded format), so a foreign or damaged segment never blocks publishing a verification.
 */
export function decodePactMetadata(segment: string | undefined): PactMetadata {
  if (!segment) return {}
  try {
    const decoded: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'))
    return decoded && typeof decoded === 'object' && !Array.isArray(decoded) ? decoded : {}
  } catch {
    return {}
  }
}
