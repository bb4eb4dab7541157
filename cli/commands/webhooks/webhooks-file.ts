/**
 * The webhooks file of `concord webhooks apply` (docs/cli.md#concord-webhooks-list--apply--retrigger): a YAML
 * document with a `webhooks:` list, each entry a webhook body of the Pact Broker's API with a required, unique
 * `description` and an optional `uuid`. Parsed with the `yaml` package (line numbers for every node) and checked
 * here, so a mistake is reported as "webhooks.yaml line 12, webhooks[1] ('users CI') request.url: is required",
 * before anything is sent to the broker.
 */
import { isMap, isSeq, LineCounter, parseDocument, type Document } from 'yaml'
import { z } from 'zod'
import type { WebhookDefinition, WebhookScope } from '../../../lib/broker-client/index.js'
import { ExitError } from '../../errors.js'

/** The six events, as the Pact Broker names them (the broker's own list; test/features/webhooks-cli.test.ts keeps them equal). */
export const EVENT_NAMES = [
  'contract_published',
  'contract_content_changed',
  'contract_requiring_verification_published',
  'provider_verification_published',
  'provider_verification_succeeded',
  'provider_verification_failed',
] as const

/** The uuid rule of the Pact Broker's PUT /webhooks/{uuid}. */
const UUID = /^[A-Za-z0-9_-]{16,}$/

const scope = z
  .object({ name: z.string().min(1, 'must not be blank').optional(), label: z.string().min(1, 'must not be blank').optional() })
  .strict()
  .refine((s) => (s.name === undefined) !== (s.label === undefined), 'must have exactly one of name or label')
  .transform((s): WebhookScope => (s.name !== undefined ? { name: s.name } : { label: s.label! }))
  .nullish()

const headerValue = z.union([z.string(), z.number(), z.boolean()]).transform(String)

const entrySchema = z
  .object({
    uuid: z.string().regex(UUID, 'must be 16 or more of the characters A-Z, a-z, 0-9, _ and -').optional(),
    description: z.string({ required_error: 'is required (it names the webhook; apply matches on it)' }).trim().min(1, 'must not be blank'),
    enabled: z.boolean().optional(),
    consumer: scope,
    provider: scope,
    events: z
      .array(
        z.union([z.enum(EVENT_NAMES), z.object({ name: z.enum(EVENT_NAMES) }).strict()], {
          errorMap: () => ({ message: `must be one of ${EVENT_NAMES.join(', ')}` }),
        }),
      )
      .min(1, 'must have at least one event')
      .optional(),
    request: z
      .object({
        method: z.string().min(1).optional(),
        url: z.string({ required_error: 'is required' }).min(1, 'must not be blank'),
        headers: z.record(headerValue).optional(),
        body: z.unknown().optional(),
        username: z.string().nullish(),
        password: z.string().nullish(),
      })
      .strict(),
    timeoutMs: z.number().int().min(100).max(600_000).optional(),
    successStatuses: z.array(z.number().int().min(100).max(599)).min(1).optional(),
  })
  .strict()

const fileSchema = z.object({ webhooks: z.array(z.unknown(), { required_error: 'is required: a list of webhooks' }) }).strict()

export interface DesiredWebhook {
  /** The uuid given in the file, if any. */
  uuid: string | undefined
  description: string
  definition: WebhookDefinition
}

type Path = (string | number)[]

/** `['webhooks', 1, 'request', 'url']` → `webhooks[1].request.url` */
function pathText(path: Path): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('')
}

/** `${env:NAME}` → the environment variable, so secrets need not be written in the file. */
function substituteEnv(value: unknown, env: Record<string, string | undefined>, path: Path, missing: { path: Path; name: string }[]): unknown {
  if (typeof value === 'string') {
    return value.replace(/\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, name: string) => {
      const found = env[name]
      if (found === undefined) missing.push({ path, name })
      return found ?? ''
    })
  }
  if (Array.isArray(value)) return value.map((v, i) => substituteEnv(v, env, [...path, i], missing))
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substituteEnv(v, env, [...path, k], missing)]))
  return value
}

/**
 * Parses and checks a webhooks file. Throws an ExitError listing every problem (file, line, entry, field).
 * @example const desired = parseWebhooksFile(readFileSync('webhooks.yaml', 'utf8'), 'webhooks.yaml', process.env)
 */
export function parseWebhooksFile(text: string, fileName: string, env: Record<string, string | undefined> = {}): DesiredWebhook[] {
  const lineCounter = new LineCounter()
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true })
  if (doc.errors.length) {
    throw new ExitError(
      [`${fileName} is not valid YAML:`, ...doc.errors.map((e) => `  line ${lineCounter.linePos(e.pos[0]).line}: ${e.message.split('\n')[0]}`)].join('\n'),
    )
  }
  const problems: { line: number; text: string }[] = []
  const problem = (path: Path, message: string) => {
    const line = lineOf(doc, lineCounter, path)
    const index = typeof path[1] === 'number' ? path[1] : undefined
    const description = index === undefined ? undefined : doc.getIn(['webhooks', index, 'description'])
    const entry = typeof description === 'string' ? ` ('${description}')` : ''
    const field = path.length > 2 ? ` ${pathText(path.slice(2))}` : ''
    problems.push({ line: line ?? 0, text: `${line ? `line ${line}, ` : ''}${pathText(path.slice(0, 2))}${entry}${field}: ${message}` })
  }

  const raw: unknown = doc.toJS()
  const file = fileSchema.safeParse(raw ?? {})
  if (!file.success) {
    const issues = file.error.issues.map((i) => `  ${i.path.length ? pathText(i.path) : 'the document'}: ${i.message}`)
    throw new ExitError([`${fileName} must be a mapping with one key, webhooks (a list):`, ...issues].join('\n'))
  }

  const desired: DesiredWebhook[] = []
  const missing: { path: Path; name: string }[] = []
  file.data.webhooks.forEach((item, index) => {
    const parsed = entrySchema.safeParse(item)
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const path: Path = ['webhooks', index, ...issue.path]
        if (issue.code === 'unrecognized_keys') for (const key of issue.keys) problem([...path, key], 'is not a field of a webhook (a typo?)')
        else problem(path, issue.message)
      }
      return
    }
    const entry = substituteEnv(parsed.data, env, ['webhooks', index], missing) as z.infer<typeof entrySchema>
    const { uuid, description, events, request, ...rest } = entry
    desired.push({
      uuid,
      description,
      definition: {
        ...rest,
        description,
        ...(events ? { events: events.map((e) => (typeof e === 'string' ? { name: e } : e)) } : {}),
        request: { ...request, ...(request.method ? { method: request.method.toUpperCase() } : {}) },
      },
    })
  })
  for (const m of missing) problem(m.path, `\${env:${m.name}} is not set in the environment`)

  const seen = new Map<string, number>()
  desired.forEach((d, i) => {
    for (const key of [`description '${d.description}'`, ...(d.uuid ? [`uuid '${d.uuid}'`] : [])]) {
      const first = seen.get(key)
      if (first !== undefined) problem(['webhooks', i], `the ${key} is already used by webhooks[${first}]; each must be unique`)
      else seen.set(key, i)
    }
  })
  if (problems.length) {
    const lines = problems.sort((a, b) => a.line - b.line).map((p) => `  ${p.text}`)
    throw new ExitError([`${fileName} has ${problems.length === 1 ? 'a problem' : `${problems.length} problems`}:`, ...lines].join('\n'))
  }
  return desired
}

/** The line of the deepest node of `path` that exists in the document. */
function lineOf(doc: Document, lineCounter: LineCounter, path: Path): number | undefined {
  for (let n = path.length; n > 0; n--) {
    const node = doc.getIn(path.slice(0, n), true) as { range?: [number, number, number] } | undefined
    if (node && (isMap(node) || isSeq(node) || 'range' in node) && node.range) return lineCounter.linePos(node.range[0]).line
  }
  return undefined
}
