/**
 * Webhook secrets at rest: the values of sensitive headers (Authorization, anything with token, secret,
 * password, api key or cookie in its name) and the basic-auth password are stored encrypted with AES-256-GCM
 * under the key of CONCORD_WEBHOOK_SECRET_KEY, and the API answers them as `**********`, as the Pact Broker
 * redacts them. Attempt logs replace every secret value with the same mask before they are stored.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'

/** What the API shows for a secret, and what a client may send back to keep the stored one (the Pact Broker's mask). */
export const REDACTED = '**********'

const SENSITIVE_HEADER = /authorization|token|secret|password|api[-_]?key|cookie/i

/** @example isSensitiveHeader('X-Api-Key') // true */
export function isSensitiveHeader(name: string): boolean {
  return SENSITIVE_HEADER.test(name)
}

const VERSION = 'v1'

/** `v1:<iv>:<tag>:<ciphertext>`, each base64url. */
export function encryptSecret(key: Buffer, plaintext: string): string {
  const iv = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', key, iv)
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()])
  return [VERSION, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ciphertext.toString('base64url')].join(':')
}

/** Throws when the key is not the one the value was encrypted with (or the value was tampered with). */
export function decryptSecret(key: Buffer, stored: string): string {
  const [version, iv, tag, ciphertext] = stored.split(':')
  if (version !== VERSION || !iv || !tag || ciphertext === undefined) throw new Error('not an encrypted webhook secret')
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'))
  decipher.setAuthTag(Buffer.from(tag, 'base64url'))
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8')
}

/**
 * A query parameter that carries a credential (`?token=…`, GitLab's pipeline trigger; `access_token`, `api_key`,
 * `sig`/`signature` of a signed URL, `code`): its value never reaches a log, though it is not stored as a secret.
 */
const SENSITIVE_QUERY_VALUE = /([?&;](?:[\w.-]*(?:token|secret|password|passwd|api[-_]?key|signature|auth)[\w.-]*|key|sig|code)=)[^&#\s"'<>]+/gi
/** The password of credentials written into a URL (`https://user:password@host/…`). */
const URL_PASSWORD = /(\b[a-z][a-z\d+.-]*:\/\/[^/\s:@]+:)[^@/\s]+@/gi

/**
 * Replaces every occurrence of each secret (and its basic-auth / URL-encoded forms) in `text` with the mask, and
 * the values of credential-like query parameters and URL passwords: attempt logs are readable with the read role.
 * @example redact('POST https://ci/trigger?token=abc&ref=main', []) // 'POST https://ci/trigger?token=**********&ref=main'
 */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text
  for (const secret of secrets) {
    if (secret.length < 4) continue
    for (const form of new Set([secret, encodeURIComponent(secret)])) out = out.split(form).join(REDACTED)
  }
  return out.replace(SENSITIVE_QUERY_VALUE, `$1${REDACTED}`).replace(URL_PASSWORD, `$1${REDACTED}@`)
}
