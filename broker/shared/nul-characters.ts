/**
 * @module shared/nul-characters
 * PostgreSQL cannot store the NUL character (U+0000) in text or jsonb ("invalid byte sequence" /
 * "unsupported Unicode escape sequence"), so a request carrying one must be refused up front with a 400 naming
 * where it is, instead of failing in the database with a 500.
 */

/** Escapes one JSON-pointer token (RFC 6901). */
function token(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1')
}

/**
 * The JSON pointer (relative to `pointer`) of the first string or object key in `value` that contains U+0000, or
 * undefined when there is none. Iterative, so a deeply nested document cannot overflow the stack.
 * @example findNulCharacter({ a: ['x\u0000'] }) // '/a/0'
 */
export function findNulCharacter(value: unknown, pointer = ''): string | undefined {
  const pending: [unknown, string][] = [[value, pointer]]
  while (pending.length) {
    const [current, at] = pending.pop()!
    if (typeof current === 'string') {
      if (current.includes('\u0000')) return at
    } else if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i--) pending.push([current[i], `${at}/${i}`])
    } else if (current !== null && typeof current === 'object') {
      const keys = Object.keys(current)
      for (let i = keys.length - 1; i >= 0; i--) {
        const key = keys[i]!
        if (key.includes('\u0000')) return `${at}/${token(key)}`
        pending.push([(current as Record<string, unknown>)[key], `${at}/${token(key)}`])
      }
    }
  }
  return undefined
}

/** The sentence a problem document gives for a NUL character. */
export const NUL_CHARACTER_DETAIL = 'contains a NUL character (\\u0000), which the broker cannot store: remove it'
