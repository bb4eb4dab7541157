/**
 * @module shared/unstorable-text
 * Text PostgreSQL refuses to store, found before it reaches the database so the client gets a 400 naming where it
 * is instead of a 500:
 * - the NUL character (U+0000): neither `text` nor `jsonb` can hold it ("invalid byte sequence" / "unsupported
 *   Unicode escape sequence");
 * - a lone UTF-16 surrogate (`"\ud800"` in JSON): not a Unicode character, so `jsonb` refuses it ("Unicode low
 *   surrogate must follow a high surrogate") and a `text` column would silently store U+FFFD instead.
 */

/** Escapes one JSON-pointer token (RFC 6901). */
function token(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1')
}

/** The sentence a problem document gives for a NUL character. */
export const NUL_CHARACTER_DETAIL = 'contains a NUL character (\\u0000), which the broker cannot store: remove it'

/** The sentence a problem document gives for a lone surrogate. */
export const LONE_SURROGATE_DETAIL =
  'contains a lone UTF-16 surrogate (such as \\ud800 without its pair), which is not a Unicode character and cannot be stored: remove it'

// Cheap first pass; the exact check for a lone surrogate only runs on the rare string that has any surrogate.
// eslint-disable-next-line no-control-regex -- finding U+0000 is the point
const SUSPECT = /[\u0000\uD800-\uDFFF]/
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

/**
 * Why PostgreSQL cannot store `text` (a sentence for a problem document), or undefined when it can.
 * @example unstorableIn('a\u0000b') // NUL_CHARACTER_DETAIL
 */
export function unstorableIn(text: string): string | undefined {
  if (!SUSPECT.test(text)) return undefined
  if (text.includes('\u0000')) return NUL_CHARACTER_DETAIL
  return LONE_SURROGATE.test(text) ? LONE_SURROGATE_DETAIL : undefined
}

/**
 * The first string or object key in `value` that PostgreSQL cannot store: its JSON pointer (relative to
 * `pointer`) and why, or undefined when there is none. Iterative, so a deeply nested document cannot overflow the
 * stack.
 * @example findUnstorableText({ a: ['x\u0000'] }) // { pointer: '/a/0', detail: NUL_CHARACTER_DETAIL }
 */
export function findUnstorableText(value: unknown, pointer = ''): { pointer: string; detail: string } | undefined {
  const pending: [unknown, string][] = [[value, pointer]]
  while (pending.length) {
    const [current, at] = pending.pop()!
    if (typeof current === 'string') {
      const detail = unstorableIn(current)
      if (detail) return { pointer: at, detail }
    } else if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i--) pending.push([current[i], `${at}/${i}`])
    } else if (current !== null && typeof current === 'object') {
      const keys = Object.keys(current)
      for (let i = keys.length - 1; i >= 0; i--) {
        const key = keys[i]!
        const detail = unstorableIn(key)
        if (detail) return { pointer: `${at}/${token(key)}`, detail }
        pending.push([(current as Record<string, unknown>)[key], `${at}/${token(key)}`])
      }
    }
  }
  return undefined
}
