/**
 * @module archive/pact-broker-source
 * Reads a Pact Broker's history through its public HAL API (`concord import --from-pact-broker URL`) and turns it
 * into archive lines, which `importArchive` then writes in one transaction like any archive.
 *
 * What is read (the Pact Broker's routes, lib/pact_broker/api.rb):
 * - `GET /pacticipants`: names, display names, main branches, repository URLs, labels;
 * - `GET /environments`: uuids, names, production flags, contacts;
 * - `GET /pacticipants/{p}/versions` (paged, newest first, followed by its `next` links): numbers, build URLs,
 *   dates, branches, tags; and each version's `pb:pact-versions`, `pb:deployed-environments` and
 *   `pb:released-environments` links (on each list item in the Pact Broker; Concord's list items carry only `self`,
 *   so then the version resource is read for them);
 * - each pact (`GET /pacts/provider/{p}/consumer/{c}/version/{v}`), without the broker's `_links` and `createdAt`;
 * - the matrix of each consumer version with each of its providers (`GET /matrix?q[][pacticipant]=c&q[][version]=v&
 *   q[][pacticipant]=p&latestby=`), whose rows name the provider versions that verified it and link the
 *   verification results, each read for its date, build URL, test results and verifier;
 * - each deployed and released version the versions link to (dates, application instance, end of deployment or
 *   support).
 *
 * Resumable: every response read is appended to a progress file (one JSON line per URL) before it is used, so a
 * run that stops — network, Ctrl-C, a crash — reads again only what it had not read. A run that completed marks
 * the file, and the next run starts over (and its import then adds only what is new).
 *
 * Ids are assigned here; what identifies a row across runs is its natural key (archive-tables.ts). A Pact Broker
 * verification result has no uuid, so its uuid is derived from its URL: the same result gets the same uuid on
 * every run.
 */
import { createHash } from 'node:crypto'
import { appendFile, readFile, rm } from 'node:fs/promises'
import { Readable } from 'node:stream'
import { interactionCounts, pactContentSha, withInteractionIds } from '../contracts/pact-content.js'
import { isSemver, orderKeyFor } from '../versions/version-order.js'
import type { Db } from '../db/database.js'
import { ARCHIVE_FORMAT, ARCHIVE_FORMAT_VERSION, ARCHIVED_TABLES, type ArchiveHeader, type ArchiveRowLine, type ArchiveTrailer } from './archive-tables.js'
import type { ArchiveLine } from './archive-file.js'
import { importArchive, type ImportResult } from './archive.service.js'

export interface PactBrokerCredentials {
  token?: string | undefined
  username?: string | undefined
  password?: string | undefined
}

/** The Pact Broker could not be read: what happened and what to do. */
export class SourceBrokerError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'SourceBrokerError'
  }
}

/* eslint-disable @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access -- HAL documents from another
   server: every value read from them is checked (typeof, Array.isArray) or converted (String) before it is used. */
type Json = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any -- see above

const MATRIX_LIMIT = 1000

/** Every response read, by URL, kept in a JSON-lines file so an interrupted run resumes. */
class ResponseLog {
  private readonly bodies = new Map<string, unknown>()
  /** Responses reused from an earlier, interrupted run. */
  reused = 0
  fetched = 0
  constructor(private readonly file: string) {}

  async load(): Promise<void> {
    let text: string
    try {
      text = await readFile(this.file, 'utf8')
    } catch (error) {
      if ((error as { code?: string }).code === 'ENOENT') return
      throw error
    }
    const entries: { url: string; body: unknown }[] = []
    let complete = false
    for (const line of text.split('\n')) {
      if (!line.trim()) continue
      try {
        const entry = JSON.parse(line) as { url?: string; body?: unknown; complete?: boolean }
        if (entry.complete) complete = true
        else if (typeof entry.url === 'string') entries.push({ url: entry.url, body: entry.body })
      } catch {
        // The last line of a run killed mid-write: read that response again.
      }
    }
    if (complete) {
      await rm(this.file, { force: true })
      return
    }
    for (const e of entries) this.bodies.set(e.url, e.body)
  }

  async get(url: string, read: () => Promise<unknown>): Promise<unknown> {
    if (this.bodies.has(url)) {
      this.reused++
      return this.bodies.get(url)
    }
    const body = await read()
    this.fetched++
    this.bodies.set(url, body)
    await appendFile(this.file, JSON.stringify({ url, body }) + '\n')
    return body
  }

  async markComplete(): Promise<void> {
    await appendFile(this.file, JSON.stringify({ complete: true, at: new Date().toISOString() }) + '\n')
  }
}

export interface ReadPactBrokerOptions {
  baseUrl: string
  credentials: PactBrokerCredentials
  /** Where responses are kept for resuming. */
  progressFile: string
  /** Told about each pacticipant as it is read. */
  progress?: (line: string) => void
  fetch?: typeof fetch
  now?: Date
}

export interface PactBrokerHistory {
  /** The archive lines (header, rows, trailer) to import. */
  lines: ArchiveLine[]
  /** What could not be carried over, one line per cause. */
  unmapped: string[]
  requests: { fetched: number; reused: number }
  complete(): Promise<void>
}

/** A uuid-shaped id derived from a text, so the same source item gets the same uuid on every run. */
function derivedUuid(text: string): string {
  const h = createHash('sha256').update(text).digest('hex')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`
}

/**
 * Reads the whole Pact Broker at `baseUrl`.
 * @example const history = await readPactBroker({ baseUrl: 'https://broker.example.com', credentials: { token }, progressFile: '.concord-import.jsonl' })
 */
export async function readPactBroker(options: ReadPactBrokerOptions): Promise<PactBrokerHistory> {
  const base = options.baseUrl.replace(/\/+$/, '')
  const doFetch = options.fetch ?? fetch
  const log = new ResponseLog(options.progressFile)
  await log.load()
  const headers: Record<string, string> = { accept: 'application/hal+json, application/json' }
  if (options.credentials.token) headers.authorization = `Bearer ${options.credentials.token}`
  else if (options.credentials.username !== undefined)
    headers.authorization = `Basic ${Buffer.from(`${options.credentials.username}:${options.credentials.password ?? ''}`).toString('base64')}`

  /** A link of the source as a URL under `base` (a broker behind a proxy may link to its own idea of its URL). */
  const under = (href: string): string => {
    if (href.startsWith(base)) return href
    const url = new URL(href, base + '/')
    const prefix = new URL(base + '/')
    return `${prefix.origin}${url.pathname.startsWith(prefix.pathname) ? '' : prefix.pathname.replace(/\/$/, '')}${url.pathname}${url.search}`
  }

  async function read(href: string, { missingOk = false } = {}): Promise<Json | null> {
    const url = under(href)
    const body = await log.get(url, async () => {
      for (let attempt = 1; ; attempt++) {
        let res: Response
        try {
          res = await doFetch(url, { headers })
        } catch (error) {
          if (attempt < 3) continue
          throw new SourceBrokerError(`Could not reach the Pact Broker at ${url} (${(error as Error).message}): check --from-pact-broker and the network.`)
        }
        if (res.status === 401 || res.status === 403)
          throw new SourceBrokerError(
            `The Pact Broker answered ${res.status} to ${url}: give credentials that may read it (--source-token / PACT_BROKER_TOKEN, or --source-username and --source-password / PACT_BROKER_USERNAME and PACT_BROKER_PASSWORD).`,
          )
        if (res.status === 404) {
          await res.body?.cancel()
          return { __missing: true }
        }
        if (res.status >= 500 && attempt < 3) {
          await res.body?.cancel()
          await new Promise((resolve) => setTimeout(resolve, 200 * attempt))
          continue
        }
        if (!res.ok) throw new SourceBrokerError(`The Pact Broker answered ${res.status} to ${url}: ${(await res.text()).slice(0, 300)}`)
        try {
          return (await res.json()) as unknown
        } catch {
          throw new SourceBrokerError(`${url} did not answer JSON: is ${base} a Pact Broker?`)
        }
      }
    })
    if ((body as Json).__missing) {
      if (missingOk) return null
      throw new SourceBrokerError(`The Pact Broker has nothing at ${url} (404): is ${base} the base URL of a Pact Broker?`)
    }
    return body as Json
  }

  const index = await read(`${base}/`)
  if (!index?._links || typeof index._links !== 'object') throw new SourceBrokerError(`${base} did not answer with a Pact Broker's HAL index: check the URL.`)

  const rows: ArchiveRowLine[] = []
  const counts: Record<string, number> = {}
  const unmapped = new Map<string, number>()
  const note = (text: string) => unmapped.set(text, (unmapped.get(text) ?? 0) + 1)
  let nextId = 1
  const hasId = new Set(ARCHIVED_TABLES.filter((t) => t.id).map((t) => t.name))
  const add = (table: string, row: Record<string, unknown>): number => {
    const id = nextId++
    rows.push({ table, row: hasId.has(table) ? { id, ...row } : row })
    counts[table] = (counts[table] ?? 0) + 1
    return id
  }
  const now = (options.now ?? new Date()).toISOString()
  const at = (value: unknown): string => (typeof value === 'string' && !Number.isNaN(Date.parse(value)) ? value : now)

  // Pacticipants and labels.
  const pacticipantsDoc = await read(`${base}/pacticipants`)
  const pacticipants: Json[] = pacticipantsDoc?._embedded?.pacticipants ?? []
  const pacticipantIds = new Map<string, number>()

  // Environments.
  const environmentsDoc = await read(`${base}/environments`, { missingOk: true })
  if (!environmentsDoc) note('environments: the Pact Broker has no /environments (older than 2.81): no environments, deployments or releases copied')
  const environmentIds = new Map<string, number>()

  // Everything per pacticipant is read before rows are emitted, so the rows come out parents first.
  interface VersionRead {
    number: string
    createdAt: string
    buildUrl: string | null
    branches: string[]
    tags: { name: string; createdAt: string }[]
    pacts: string[]
    deployed: string[]
    released: string[]
  }
  const versionsOf = new Map<string, VersionRead[]>()
  for (const p of pacticipants) {
    const name = String(p.name)
    options.progress?.(`Reading ${name}'s versions…`)
    const list: VersionRead[] = []
    for (let href: string | undefined = `${base}/pacticipants/${encodeURIComponent(name)}/versions?size=100`; href;) {
      const page = await read(href)
      for (const v of (page?._embedded?.versions ?? []) as Json[]) {
        let links: Json = v._links ?? {}
        if (!('pb:pact-versions' in links)) {
          const self = links.self?.href ?? `${base}/pacticipants/${encodeURIComponent(name)}/versions/${encodeURIComponent(String(v.number))}`
          links = (await read(String(self)))?._links ?? {}
        }
        const hrefs = (rel: string): string[] => {
          const value: unknown = links[rel]
          return (Array.isArray(value) ? value : value ? [value] : []).map((l: Json) => String(l.href))
        }
        const embedded: Json = v._embedded ?? {}
        list.push({
          number: String(v.number),
          createdAt: at(v.createdAt),
          buildUrl: typeof v.buildUrl === 'string' ? v.buildUrl : null,
          branches: ((embedded.branchVersions ?? embedded.branches ?? []) as Json[]).map((b) => String(b.name)),
          tags: ((embedded.tags ?? []) as Json[]).map((t) => ({ name: String(t.name), createdAt: at(t.createdAt ?? v.createdAt) })),
          pacts: hrefs('pb:pact-versions'),
          deployed: hrefs('pb:deployed-environments'),
          released: hrefs('pb:released-environments'),
        })
      }
      const next: unknown = page?._links?.next?.href
      href = typeof next === 'string' && next !== href ? next : undefined
    }
    // The list is newest first; ids follow creation so that "creation order" stays the Pact Broker's order.
    list.reverse()
    versionsOf.set(name, list)
  }

  for (const p of pacticipants) {
    const name = String(p.name)
    const versions = versionsOf.get(name) ?? []
    const order: 'semver' | 'creation' = versions.length && versions.every((v) => isSemver(v.number)) ? 'semver' : 'creation'
    pacticipantIds.set(
      name,
      add('pacticipants', {
        name,
        display_name: typeof p.displayName === 'string' ? p.displayName : null,
        main_branch: typeof p.mainBranch === 'string' ? p.mainBranch : null,
        repository_url: typeof p.repositoryUrl === 'string' ? p.repositoryUrl : null,
        repository_name: typeof p.repositoryName === 'string' ? p.repositoryName : null,
        repository_namespace: typeof p.repositoryNamespace === 'string' ? p.repositoryNamespace : null,
        version_order: order,
        // Unknown: the target's CONCORD_VERSION_ORDER is applied on the pacticipant's first use.
        version_order_setting: null,
        created_at: at(p.createdAt),
        updated_at: at(p.updatedAt ?? p.createdAt),
      }),
    )
  }
  for (const p of pacticipants)
    for (const label of (p._embedded?.labels ?? []) as Json[])
      add('labels', {
        pacticipant_id: pacticipantIds.get(String(p.name)),
        name: String(label.name),
        created_at: at(label.createdAt),
        updated_at: at(label.createdAt),
      })

  for (const e of (environmentsDoc?._embedded?.environments ?? []) as Json[]) {
    environmentIds.set(
      String(e.uuid),
      add('environments', {
        uuid: String(e.uuid),
        name: String(e.name),
        display_name: typeof e.displayName === 'string' ? e.displayName : null,
        production: e.production === true,
        contacts: Array.isArray(e.contacts) ? e.contacts : null,
        created_at: at(e.createdAt),
        updated_at: at(e.updatedAt ?? e.createdAt),
      }),
    )
  }

  const versionIds = new Map<string, number>()
  const versionKey = (pacticipant: string, number: string) => `${pacticipant}\u0000${number}`
  const branchIds = new Map<string, number>()
  for (const p of pacticipants) {
    const name = String(p.name)
    const pacticipantId = pacticipantIds.get(name)!
    const versions = versionsOf.get(name) ?? []
    const order = versions.length && versions.every((v) => isSemver(v.number)) ? 'semver' : 'creation'
    for (const v of versions) {
      versionIds.set(
        versionKey(name, v.number),
        add('versions', {
          pacticipant_id: pacticipantId,
          number: v.number,
          order_key: orderKeyFor(v.number, order),
          is_semver: isSemver(v.number),
          build_url: v.buildUrl,
          created_at: v.createdAt,
          updated_at: v.createdAt,
        }),
      )
    }
    for (const v of versions)
      for (const branch of v.branches) {
        const key = versionKey(name, branch)
        if (!branchIds.has(key))
          branchIds.set(key, add('branches', { pacticipant_id: pacticipantId, name: branch, created_at: v.createdAt, updated_at: v.createdAt }))
      }
    for (const v of versions)
      for (const branch of v.branches)
        add('branch_versions', {
          branch_id: branchIds.get(versionKey(name, branch)),
          version_id: versionIds.get(versionKey(name, v.number)),
          pacticipant_id: pacticipantId,
          branch_name: branch,
          auto_created: false,
          created_at: v.createdAt,
        })
    for (const v of versions)
      for (const tag of v.tags)
        add('tags', { version_id: versionIds.get(versionKey(name, v.number)), pacticipant_id: pacticipantId, name: tag.name, created_at: tag.createdAt })
  }

  // Pacts, per consumer version, with the verification results the matrix links to.
  const pactVersionIds = new Map<string, number>()
  const integrations = new Set<string>()
  interface VerificationRead {
    pactVersionId: number
    consumerId: number
    providerId: number
    providerVersionId: number
    href: string
    doc: Json
    verifiedAt: string
    success: boolean
  }
  const verifications: VerificationRead[] = []
  const seenVerifications = new Set<string>()
  const publications: Record<string, unknown>[] = []
  for (const p of pacticipants) {
    const consumer = String(p.name)
    for (const v of versionsOf.get(consumer) ?? []) {
      for (const pactHref of v.pacts) {
        const pact = await read(pactHref, { missingOk: true })
        if (!pact) {
          note(`pacts: a pact the Pact Broker links to answered 404`)
          continue
        }
        const provider = String(pact.provider?.name ?? '')
        const providerId = pacticipantIds.get(provider)
        if (!providerId) {
          note(`pacts: names a provider that is not in /pacticipants`)
          continue
        }
        const { _links: _l, createdAt, ...document } = pact
        const sha = pactContentSha(document)
        const pactKey = `${consumer}\u0000${provider}\u0000${sha}`
        let pactVersionId = pactVersionIds.get(pactKey)
        if (pactVersionId === undefined) {
          const counted = interactionCounts(document)
          pactVersionId = add('pact_versions', {
            consumer_id: pacticipantIds.get(consumer),
            provider_id: providerId,
            sha,
            content: withInteractionIds(document),
            interactions_count: counted.interactions,
            messages_count: counted.messages,
            created_at: at(createdAt),
          })
          pactVersionIds.set(pactKey, pactVersionId)
        }
        publications.push({
          consumer_id: pacticipantIds.get(consumer),
          provider_id: providerId,
          consumer_version_id: versionIds.get(versionKey(consumer, v.number)),
          pact_version_id: pactVersionId,
          revision_number: 1,
          created_at: at(createdAt),
        })
        integrations.add(`${consumer}\u0000${provider}`)

        const q = (name: string, version?: string) =>
          `q[][pacticipant]=${encodeURIComponent(name)}${version === undefined ? '' : `&q[][version]=${encodeURIComponent(version)}`}`
        const matrix = await read(`${base}/matrix?${q(consumer, v.number)}&${q(provider)}&latestby=&limit=${MATRIX_LIMIT}`)
        const matrixRows = (matrix?.matrix ?? []) as Json[]
        if (matrixRows.length >= MATRIX_LIMIT)
          note(`verifications: a consumer version has ${MATRIX_LIMIT} or more matrix rows; only the first ${MATRIX_LIMIT} were read`)
        for (const row of matrixRows) {
          const result: Json | null = row.verificationResult ?? null
          const providerVersion: unknown = row.provider?.version?.number
          if (!result || typeof providerVersion !== 'string') continue
          if (result.verifiedBy === 'schema') {
            note('verifications: schema-level results (provider contracts) are not copied')
            continue
          }
          const href: unknown = result._links?.self?.href
          if (typeof href !== 'string' || seenVerifications.has(href)) continue
          seenVerifications.add(href)
          const providerVersionId = versionIds.get(versionKey(provider, providerVersion))
          if (!providerVersionId) {
            note('verifications: the provider version is not among the provider’s versions')
            continue
          }
          const doc = (await read(href, { missingOk: true })) ?? {}
          verifications.push({
            pactVersionId,
            consumerId: pacticipantIds.get(consumer)!,
            providerId,
            providerVersionId,
            href,
            doc,
            verifiedAt: at(result.verifiedAt ?? doc.verificationDate),
            success: typeof doc.success === 'boolean' ? doc.success : result.success === true,
          })
        }
      }
    }
  }
  for (const pub of publications) add('pact_publications', pub)
  for (const pair of integrations) {
    const [consumer, provider] = pair.split('\u0000') as [string, string]
    add('integrations', { consumer_id: pacticipantIds.get(consumer), provider_id: pacticipantIds.get(provider), created_at: now })
  }
  // In the order they were made, so "latest verification" (highest id) means the same as in the Pact Broker.
  // Dates have whole seconds: within one, the result's number (the last segment of its URL) keeps them in order.
  const numberOf = (href: string) => Number(/\/(\d+)\/?$/.exec(href)?.[1] ?? 0)
  verifications.sort((a, b) => Date.parse(a.verifiedAt) - Date.parse(b.verifiedAt) || numberOf(a.href) - numberOf(b.href) || a.href.localeCompare(b.href))
  for (const vr of verifications) {
    const verifiedBy: Json | null = vr.doc.verifiedBy && typeof vr.doc.verifiedBy === 'object' ? vr.doc.verifiedBy : null
    add('verifications', {
      uuid: derivedUuid(`${base} ${new URL(under(vr.href)).pathname}`),
      pact_version_id: vr.pactVersionId,
      consumer_id: vr.consumerId,
      provider_id: vr.providerId,
      provider_version_id: vr.providerVersionId,
      success: vr.success,
      build_url: typeof vr.doc.buildUrl === 'string' ? vr.doc.buildUrl : null,
      test_results: vr.doc.testResults ?? null,
      verified_by: verifiedBy,
      wip: false,
      pact_pending: null,
      consumer_version_selectors: null,
      created_at: vr.verifiedAt,
    })
  }

  // Deployments and releases, from the links on each version.
  for (const kind of ['deployed', 'released'] as const) {
    for (const p of pacticipants) {
      const name = String(p.name)
      for (const v of versionsOf.get(name) ?? []) {
        for (const href of v[kind]) {
          const doc = await read(href, { missingOk: true })
          const envUuid: unknown = doc?._embedded?.environment?.uuid
          const environmentId = typeof envUuid === 'string' ? environmentIds.get(envUuid) : undefined
          if (!doc || !environmentId) {
            note(`${kind}_versions: the ${kind === 'deployed' ? 'deployment' : 'release'} or its environment could not be read`)
            continue
          }
          const common = {
            uuid: typeof doc.uuid === 'string' ? doc.uuid : derivedUuid(`${base} ${href}`),
            version_id: versionIds.get(versionKey(name, v.number)),
            pacticipant_id: pacticipantIds.get(name),
            environment_id: environmentId,
            created_at: at(doc.createdAt),
          }
          if (kind === 'deployed')
            add('deployed_versions', {
              ...common,
              application_instance: typeof (doc.applicationInstance ?? doc.target) === 'string' ? (doc.applicationInstance ?? doc.target) : '',
              undeployed_at: doc.currentlyDeployed === false ? at(doc.undeployedAt) : null,
            })
          else add('released_versions', { ...common, support_ended_at: doc.currentlySupported === false ? at(doc.supportEndedAt) : null })
        }
      }
    }
  }

  note('webhooks: not copied (the Pact Broker does not give their passwords and headers back); create them again on Concord')
  const header: ArchiveHeader = {
    format: ARCHIVE_FORMAT,
    formatVersion: ARCHIVE_FORMAT_VERSION,
    // The oldest schema that has every table written here: any Concord since takes it.
    schema: '2026_11_22_0600_create_core_schema',
    exportedAt: now,
    source: `pact-broker ${base}`,
  }
  const trailer: ArchiveTrailer = { end: true, counts }
  const ordered = orderRows(rows)
  const lines: ArchiveLine[] = [header, ...ordered, trailer].map((value, i) => ({ value, size: JSON.stringify(value).length, lineNumber: i + 1 }))
  return {
    lines,
    unmapped: [...unmapped].map(([text, n]) => (n > 1 ? `${text} (${n} times)` : text)),
    requests: { fetched: log.fetched, reused: log.reused },
    complete: () => log.markComplete(),
  }
}

/** Rows in the archive's table order (parents first), each table's rows in the order they were added. */
function orderRows(rows: ArchiveRowLine[]): ArchiveRowLine[] {
  const position = new Map(ARCHIVED_TABLES.map((t, i) => [t.name, i]))
  return [...rows].sort((a, b) => position.get(a.table)! - position.get(b.table)!)
}

export interface PactBrokerImport {
  result: ImportResult
  unmapped: string[]
  requests: { fetched: number; reused: number }
}

/**
 * Reads the Pact Broker (resuming from the progress file) and imports what it read in one transaction; marks the
 * progress file complete afterwards.
 * @example const { result, unmapped } = await importFromPactBroker(db, { baseUrl, credentials: { token }, progressFile })
 */
export async function importFromPactBroker(db: Db, options: ReadPactBrokerOptions): Promise<PactBrokerImport> {
  const history = await readPactBroker(options)
  options.progress?.(`Read ${history.requests.fetched} responses (${history.requests.reused} from the progress file); importing…`)
  const result = await importArchive(db, () => Readable.from(history.lines))
  await history.complete()
  return { result, unmapped: history.unmapped, requests: history.requests }
}
