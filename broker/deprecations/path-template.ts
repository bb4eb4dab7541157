/**
 * Path templates of deprecated HTTP operations (`/users/{id}`, `/files/{name}.{ext}`), parsed once and matched
 * against the request paths of pact interactions. Pure: no I/O.
 *
 * A template is an absolute path: literal segments and `{name}` placeholders, which match one or more
 * characters within one segment. Query strings, fragments, whitespace, empty segments and malformed braces are
 * refused with a sentence saying what is wrong, because a template that silently matched nothing would hide a
 * consumer that still depends on the operation.
 */

export interface PathTemplate {
  /** The template as declared, normalised (no trailing slash). */
  readonly source: string
  readonly parameters: readonly string[]
  readonly regex: RegExp
}

export type TemplateParse = { ok: true; template: PathTemplate } | { ok: false; error: string }

const PARAMETER_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/**
 * Parses a path template; the error says what is wrong and where.
 * @example parsePathTemplate('/users/{id}') // { ok: true, template: { parameters: ['id'], … } }
 */
export function parsePathTemplate(input: string): TemplateParse {
  const fail = (error: string): TemplateParse => ({ ok: false, error })
  if (input.length === 0) return fail('must not be empty')
  if (/\s/.test(input)) return fail('must not contain whitespace (give the method separately)')
  if (!input.startsWith('/')) return fail(`must start with '/' (got '${input}')`)
  if (input.includes('?') || input.includes('#')) return fail('must be a path only, without a query string or fragment')
  const source = input.length > 1 ? input.replace(/\/+$/, '') : input
  if (source === '') return fail("must be a path such as '/users/{id}'")
  const parameters: string[] = []
  const segments = source === '/' ? [] : source.slice(1).split('/')
  const parts: string[] = []
  for (const [index, segment] of segments.entries()) {
    if (segment === '') return fail(`has an empty segment at position ${index + 1} ('//')`)
    let pattern = ''
    let rest = segment
    let previousWasPlaceholder = false
    while (rest.length > 0) {
      const open = rest.indexOf('{')
      const close = rest.indexOf('}')
      if (open === -1) {
        if (close !== -1) return fail(`has a '}' without a matching '{' in segment '${segment}'`)
        pattern += escapeRegex(decodeSegment(rest))
        break
      }
      if (close !== -1 && close < open) return fail(`has a '}' without a matching '{' in segment '${segment}'`)
      if (close === -1) return fail(`has a '{' without a matching '}' in segment '${segment}'`)
      const name = rest.slice(open + 1, close)
      if (name.includes('{')) return fail(`has nested braces in segment '${segment}'`)
      if (name === '') return fail(`has an empty placeholder '{}' in segment '${segment}'; name it, e.g. '{id}'`)
      if (!PARAMETER_NAME.test(name)) return fail(`has an invalid placeholder name '${name}' (use letters, digits, '_', '.', '-')`)
      if (parameters.includes(name)) return fail(`uses the placeholder '{${name}}' twice`)
      // `{a}{b}` has no single reading: refuse it rather than guess where one ends.
      if (open === 0 && previousWasPlaceholder) return fail(`has two placeholders with nothing between them in segment '${segment}'`)
      parameters.push(name)
      pattern += escapeRegex(decodeSegment(rest.slice(0, open))) + '([^/]+?)'
      previousWasPlaceholder = true
      rest = rest.slice(close + 1)
    }
    parts.push(pattern)
  }
  const regex = new RegExp(`^/${parts.join('/')}/?$`)
  return { ok: true, template: Object.freeze({ source, parameters: Object.freeze(parameters), regex }) }
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment
  }
}

/** A request path with its query string and fragment dropped and each segment percent-decoded. */
export function normalisePath(path: string): string {
  const bare = path.split(/[?#]/, 1)[0] ?? ''
  const absolute = bare.startsWith('/') ? bare : `/${bare}`
  return absolute
    .split('/')
    .map((segment) => decodeSegment(segment))
    .join('/')
}

/**
 * Whether `path` (an interaction's request path) is an instance of the template.
 * @example matchesPath(parsed, '/users/42') // true for '/users/{id}'
 */
export function matchesPath(template: PathTemplate, path: string): boolean {
  return template.regex.test(normalisePath(path))
}

/** Parses a template known to be valid (stored ones were checked on the way in); throws otherwise. */
export function compilePathTemplate(source: string): PathTemplate {
  const parsed = parsePathTemplate(source)
  if (!parsed.ok) throw new Error(`Invalid path template '${source}': ${parsed.error}`)
  return parsed.template
}
