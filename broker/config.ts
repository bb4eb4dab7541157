/**
 * @module config
 * The broker's settings. `loadConfig` is the only place in broker/ that reads the environment; everything else
 * receives the frozen `BrokerConfig` it returns. Every key is documented in docs/configuration.md.
 */
import { isIP } from 'node:net'
import path from 'node:path'
import { Cron } from 'croner'

export type VersionOrder = 'auto' | 'semver' | 'creation'
export type SunsetPolicy = 'warn' | 'fail'
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent'
export type LogFormat = 'pretty' | 'json'

export interface BrokerConfig {
  readonly http: {
    /** TCP port to listen on (`PORT`, default 9292). */
    readonly port: number
    /** Interface to bind (`CONCORD_HOST`, else `HOST`; default 127.0.0.1, so a broker is private until told otherwise). */
    readonly host: string
    /** Public URL used in HAL links (`CONCORD_BASE_URL`); null means "derive it from each request". */
    readonly baseUrl: string | null
    /** Largest request body accepted, in bytes (`CONCORD_BODY_LIMIT`, default 10 MiB). */
    readonly bodyLimitBytes: number
    /**
     * Which peers may set X-Forwarded-Host/-Proto/-For (`CONCORD_TRUST_PROXY`): false (default: none), a number of
     * proxy hops, or addresses/subnets/`loopback`/`linklocal`/`uniquelocal` — Express's 'trust proxy' setting.
     */
    readonly trustProxy: false | number | readonly string[]
    /** Time a client has to send the request headers (`CONCORD_HEADERS_TIMEOUT_MS`, default 20 000). */
    readonly headersTimeoutMs: number
    /** Time a client has to send the whole request, body included (`CONCORD_REQUEST_TIMEOUT_MS`, default 120 000). */
    readonly requestTimeoutMs: number
    /** How long an idle keep-alive connection stays open (`CONCORD_KEEP_ALIVE_TIMEOUT_MS`, default 5 000). */
    readonly keepAliveTimeoutMs: number
    /** Most connections open at once; more are closed on arrival (`CONCORD_MAX_CONNECTIONS`, default 1 000). */
    readonly maxConnections: number
    /** On SIGTERM, how long requests in flight may take to finish before their connections are cut (`CONCORD_SHUTDOWN_TIMEOUT_MS`, default 25 000). */
    readonly shutdownTimeoutMs: number
  }
  readonly database: {
    /** PostgreSQL connection string (`DATABASE_URL`); null means embedded PGlite. */
    readonly url: string | null
    /** Where embedded PGlite keeps its files (`CONCORD_DATA_DIR`, default ./.concord/data); `memory://` keeps nothing. */
    readonly dataDir: string
    /** Most PostgreSQL connections this broker opens (`CONCORD_DB_POOL_SIZE`, default 10). */
    readonly poolSize: number
    /** PostgreSQL cancels a statement running longer than this (`CONCORD_DB_STATEMENT_TIMEOUT_MS`, default 0: never). */
    readonly statementTimeoutMs: number
    /** Behind PgBouncer in transaction mode (`CONCORD_DB_TRANSACTION_POOLING`, default false): settings per transaction, not per session. */
    readonly transactionPooling: boolean
  }
  readonly versions: {
    /** How "latest" orders a pacticipant's versions (`CONCORD_VERSION_ORDER`): see docs/domain.md#version-order. */
    readonly order: VersionOrder
  }
  readonly contracts: {
    /** Allow a consumer version's pact for a provider to be replaced by different content (`CONCORD_ALLOW_CONTRACT_MODIFICATION`). */
    readonly allowContentModification: boolean
  }
  readonly logging: {
    /** The least severe level written (`CONCORD_LOG_LEVEL`, default info). */
    readonly level: LogLevel
    /** `pretty` (default): readable lines; `json`: one JSON object per line, for log shippers (`CONCORD_LOG_FORMAT`). */
    readonly format: LogFormat
  }
  readonly retention: {
    /** When the broker cleans old data itself, as a cron expression (`CONCORD_CLEAN_SCHEDULE`); null: never (default). */
    readonly schedule: string | null
    /** Versions younger than this many days are always kept (`CONCORD_CLEAN_MAX_AGE_DAYS`, default 90). */
    readonly maxAgeDays: number
    /** Most versions one clean deletes (`CONCORD_CLEAN_LIMIT`, default 500). */
    readonly limit: number
  }
  readonly auth: AuthConfig
  readonly deprecations: {
    /** can-i-deploy for a consumer version using an item past its sunset (`CONCORD_SUNSET_POLICY`): 'warn' (default) or 'fail'. */
    readonly sunsetPolicy: SunsetPolicy
  }
  readonly schemas: {
    /**
     * Whether a schema-level result (a consumer pact compatible with the provider version's API description) counts
     * as deployable where no verification exists (`CONCORD_SCHEMA_COMPATIBILITY_DEPLOYABLE`, default true, as in
     * PactFlow's bi-directional contract testing). When false, such a pair is unknown until a verification arrives.
     */
    readonly compatibilityDeployable: boolean
    /**
     * The deadline of one json-schema-diff comparison, and the longest a matrix / can-i-deploy request waits for
     * missing schema results (`CONCORD_SCHEMA_COMPARISON_TIMEOUT_MS`, default 10 000 ms).
     */
    readonly comparisonTimeoutMs: number
  }
  readonly webhooks: WebhookSettings
}

/** Webhook delivery settings (docs/webhooks.md#settings). The allow-lists carry the Pact Broker's names and defaults. */
export interface WebhookSettings {
  /** URL schemes a webhook may use (`CONCORD_WEBHOOK_SCHEME_ALLOWLIST` or `PACT_BROKER_WEBHOOK_SCHEME_WHITELIST`, default https). */
  readonly schemes: readonly string[]
  /** HTTP methods a webhook may use (`CONCORD_WEBHOOK_HTTP_METHOD_ALLOWLIST` or `PACT_BROKER_WEBHOOK_HTTP_METHOD_WHITELIST`, default POST). */
  readonly methods: readonly string[]
  /**
   * Hosts a webhook may call (`CONCORD_WEBHOOK_HOST_ALLOWLIST` or `PACT_BROKER_WEBHOOK_HOST_WHITELIST`): names,
   * `*.domain` wildcards, `/regex/`, addresses or CIDR ranges. Empty (the default) allows any host.
   */
  readonly hosts: readonly string[]
  /** Addresses and CIDR ranges webhooks may reach although loopback, link-local or metadata (`CONCORD_WEBHOOK_ALLOWED_ADDRESSES`). */
  readonly allowedAddresses: readonly string[]
  /** Seconds between attempts (`CONCORD_WEBHOOK_RETRY_SCHEDULE` or `PACT_BROKER_WEBHOOK_RETRY_SCHEDULE`, default 10 60 120 300 600 1200). */
  readonly retrySchedule: readonly number[]
  /** Response statuses that count as delivered (`CONCORD_WEBHOOK_SUCCESS_STATUSES` or `PACT_BROKER_WEBHOOK_HTTP_CODE_SUCCESS`, default 200–206). */
  readonly successStatuses: readonly number[]
  /** How long one attempt may take, connection to last byte (`CONCORD_WEBHOOK_TIMEOUT_MS`, default 15 000). */
  readonly timeoutMs: number
  /** Whether a delivery follows redirects, each hop checked like the first (`CONCORD_WEBHOOK_FOLLOW_REDIRECTS`, default false). */
  readonly followRedirects: boolean
  /** Deliveries one broker process sends at once (`CONCORD_WEBHOOK_WORKERS`, default 4; 0 = this process sends none). */
  readonly workers: number
  /** How often idle workers look for due deliveries written by other processes (`CONCORD_WEBHOOK_POLL_INTERVAL_MS`, default 1 000). */
  readonly pollIntervalMs: number
  /** Key that encrypts webhook secrets at rest: 32 bytes as 64 hex digits or base64 (`CONCORD_WEBHOOK_SECRET_KEY`); null = none. */
  readonly secretKey: Buffer | null
}

/** A username and password from the settings (never logged, compared in constant time). */
export interface BasicCredentials {
  readonly username: string
  readonly password: string
}

/** Who may do what: docs/security.md. Each setting has a CONCORD_ name and the Pact Broker's name; CONCORD_ wins. */
export interface AuthConfig {
  /** The read/write basic-auth user (`CONCORD_BASIC_AUTH_USERNAME`/`_PASSWORD`, `PACT_BROKER_BASIC_AUTH_USERNAME`/`_PASSWORD`). */
  readonly basic: BasicCredentials | null
  /** The read-only basic-auth user (`…_BASIC_AUTH_READ_ONLY_USERNAME`/`_PASSWORD`). */
  readonly basicReadOnly: BasicCredentials | null
  /** A bearer token with the admin role, for bootstrapping (`CONCORD_ADMIN_TOKEN`). */
  readonly adminToken: string | null
  /** Anonymous callers may read (`…_ALLOW_PUBLIC_READ`, default false). */
  readonly allowPublicRead: boolean
  /** Anonymous callers may read the heartbeat (`…_PUBLIC_HEARTBEAT`, default false). */
  readonly publicHeartbeat: boolean
  /** True when any credential is configured: then nothing is writable anonymously. False = open, as today. */
  readonly enabled: boolean
  /** Failed authentications one client address may make per window before it is refused (`CONCORD_AUTH_FAILURE_LIMIT`, default 10). */
  readonly failureLimit: number
  /** The window of that limit, in seconds (`CONCORD_AUTH_FAILURE_WINDOW_SECONDS`, default 60). */
  readonly failureWindowSeconds: number
  /** How long a browser stays signed in to the UI, in minutes (`CONCORD_SESSION_LIFETIME_MINUTES`, default 480). */
  readonly sessionLifetimeMinutes: number
}

export class ConfigError extends Error {
  constructor(
    readonly key: string,
    message: string,
  ) {
    super(`${key}: ${message}`)
    this.name = 'ConfigError'
  }
}

function integer(env: NodeJS.ProcessEnv, key: string, fallback: number, min: number, max: number): number {
  const raw = env[key]
  if (raw === undefined || raw === '') return fallback
  if (!/^\d+$/.test(raw.trim())) throw new ConfigError(key, `expected a whole number, got '${raw}'`)
  const value = Number(raw)
  if (value < min || value > max) throw new ConfigError(key, `expected a number from ${min} to ${max}, got ${value}`)
  return value
}

function boolean(env: NodeJS.ProcessEnv, key: string, fallback: boolean): boolean {
  const raw = env[key]?.trim().toLowerCase()
  if (raw === undefined || raw === '') return fallback
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true
  if (['0', 'false', 'no', 'off'].includes(raw)) return false
  throw new ConfigError(key, `expected true or false, got '${env[key]}'`)
}

function oneOf<T extends string>(env: NodeJS.ProcessEnv, key: string, allowed: readonly T[], fallback: T): T {
  const raw = env[key]?.trim()
  if (raw === undefined || raw === '') return fallback
  if (!(allowed as readonly string[]).includes(raw)) throw new ConfigError(key, `expected one of ${allowed.join(', ')}, got '${raw}'`)
  return raw as T
}

/** A list separated by spaces or commas; `alias` is the Pact Broker's name for the same setting, read when `key` is unset. */
function list(env: NodeJS.ProcessEnv, primary: string, fallback: readonly string[], alias?: string): { key: string; values: string[] } {
  for (const key of alias ? [primary, alias] : [primary]) {
    const raw = env[key]?.trim()
    if (raw !== undefined && raw !== '') return { key, values: raw.split(/[\s,]+/).filter(Boolean) }
  }
  return { key: primary, values: [...fallback] }
}

/** The Pact Broker's defaults: retries after 10 s, 1, 2, 5, 10 and 20 min (38 min in all); 200–206 count as delivered. */
const RETRY_SCHEDULE = [10, 60, 120, 300, 600, 1200]
const SUCCESS_STATUSES = [200, 201, 202, 203, 204, 205, 206]
const seconds = { check: (n: number) => n <= 86_400, what: 'seconds (0 to 86400)' }
const statusCodes = { check: (n: number) => Number.isInteger(n) && n >= 100 && n <= 599, what: 'HTTP status codes (100 to 599)' }

function numbers(
  env: NodeJS.ProcessEnv,
  primary: string,
  fallback: readonly number[],
  { check, what }: { check: (n: number) => boolean; what: string },
  alias?: string,
): number[] {
  const { key, values } = list(env, primary, fallback.map(String), alias)
  return values.map((value) => {
    const n = Number(value)
    if (!/^\d+(\.\d+)?$/.test(value) || !check(n)) throw new ConfigError(key, `expected ${what} separated by spaces or commas, got '${value}'`)
    return n
  })
}

function cidrs(env: NodeJS.ProcessEnv, key: string): string[] {
  const { values } = list(env, key, [])
  for (const entry of values) {
    const [address, prefix, extra] = entry.split('/')
    const family = isIP(address ?? '')
    const validPrefix = prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128))
    if (!family || extra !== undefined || !validPrefix) throw new ConfigError(key, `expected IP addresses or CIDR ranges separated by commas; got '${entry}'`)
  }
  return values
}

function secretKey(env: NodeJS.ProcessEnv, key: string): Buffer | null {
  const raw = env[key]?.trim()
  if (raw === undefined || raw === '') return null
  const bytes = /^[0-9a-f]{64}$/i.test(raw) ? Buffer.from(raw, 'hex') : Buffer.from(raw, 'base64')
  if (bytes.length !== 32) throw new ConfigError(key, 'expected 32 bytes as 64 hex digits or base64 (for example the output of `openssl rand -hex 32`)')
  return bytes
}

function url(env: NodeJS.ProcessEnv, key: string, protocols: string[]): string | null {
  const raw = env[key]?.trim()
  if (raw === undefined || raw === '') return null
  let parsed: URL
  try {
    parsed = new URL(raw)
  } catch {
    throw new ConfigError(key, `'${raw}' is not a URL`)
  }
  if (!protocols.includes(parsed.protocol)) throw new ConfigError(key, `expected a ${protocols.join(' or ')} URL, got '${parsed.protocol}'`)
  return raw
}

function cron(env: NodeJS.ProcessEnv, key: string): string | null {
  const raw = env[key]?.trim()
  if (raw === undefined || raw === '') return null
  try {
    new Cron(raw, { paused: true }).stop()
  } catch (error) {
    throw new ConfigError(key, `'${raw}' is not a cron expression (${error instanceof Error ? error.message : String(error)})`)
  }
  return raw
}

const PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal']

function trustProxy(env: NodeJS.ProcessEnv, key: string): false | number | string[] {
  const raw = env[key]?.trim()
  if (raw === undefined || raw === '' || ['false', 'none', 'off', 'no', '0'].includes(raw.toLowerCase())) return false
  if (/^\d+$/.test(raw)) return integer(env, key, 0, 1, 100)
  const entries = raw.split(',').map((entry) => entry.trim())
  for (const entry of entries) {
    const [address, prefix, extra] = entry.split('/')
    const validPrefix = prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (isIP(address ?? '') === 4 ? 32 : 128))
    if (!PROXY_NAMES.includes(entry) && (extra !== undefined || !isIP(address ?? '') || !validPrefix)) {
      throw new ConfigError(key, `expected a number of hops, or IP addresses, subnets (CIDR) or ${PROXY_NAMES.join('/')} separated by commas; got '${entry}'`)
    }
  }
  return entries
}

/** A setting that is set (not blank), with its name; `??` picks the CONCORD_ name over the Pact Broker's. */
function setting(env: NodeJS.ProcessEnv, key: string): { key: string; value: string } | undefined {
  const value = env[key]
  return value === undefined || value === '' ? undefined : { key, value }
}

function basicCredentials(user: ReturnType<typeof setting>, password: ReturnType<typeof setting>, names: [string, string]): BasicCredentials | null {
  if (!user && !password) return null
  if (!user) throw new ConfigError(names[0], `is not set, but ${password!.key} is: set both or neither`)
  if (!password) throw new ConfigError(names[1], `is not set, but ${user.key} is: set both or neither`)
  if (user.value.includes(':')) throw new ConfigError(user.key, 'a basic-auth username cannot contain ":"')
  return { username: user.value, password: password.value }
}

function flag(env: NodeJS.ProcessEnv, found: ReturnType<typeof setting>): boolean {
  return found ? boolean(env, found.key, false) : false
}

function loadAuth(env: NodeJS.ProcessEnv): AuthConfig {
  const basic = basicCredentials(
    setting(env, 'CONCORD_BASIC_AUTH_USERNAME') ?? setting(env, 'PACT_BROKER_BASIC_AUTH_USERNAME'),
    setting(env, 'CONCORD_BASIC_AUTH_PASSWORD') ?? setting(env, 'PACT_BROKER_BASIC_AUTH_PASSWORD'),
    ['CONCORD_BASIC_AUTH_USERNAME', 'CONCORD_BASIC_AUTH_PASSWORD'],
  )
  const basicReadOnly = basicCredentials(
    setting(env, 'CONCORD_BASIC_AUTH_READ_ONLY_USERNAME') ?? setting(env, 'PACT_BROKER_BASIC_AUTH_READ_ONLY_USERNAME'),
    setting(env, 'CONCORD_BASIC_AUTH_READ_ONLY_PASSWORD') ?? setting(env, 'PACT_BROKER_BASIC_AUTH_READ_ONLY_PASSWORD'),
    ['CONCORD_BASIC_AUTH_READ_ONLY_USERNAME', 'CONCORD_BASIC_AUTH_READ_ONLY_PASSWORD'],
  )
  if (basic && basicReadOnly && basic.username === basicReadOnly.username) {
    throw new ConfigError('CONCORD_BASIC_AUTH_READ_ONLY_USERNAME', 'the read-only user must have another name than the read/write user')
  }
  const adminToken = env.CONCORD_ADMIN_TOKEN?.trim() || null
  if (adminToken !== null && adminToken.length < 16)
    throw new ConfigError('CONCORD_ADMIN_TOKEN', 'must be at least 16 characters (e.g. `openssl rand -hex 32`)')
  return {
    basic,
    basicReadOnly,
    adminToken,
    allowPublicRead: flag(env, setting(env, 'CONCORD_ALLOW_PUBLIC_READ') ?? setting(env, 'PACT_BROKER_ALLOW_PUBLIC_READ')),
    publicHeartbeat: flag(env, setting(env, 'CONCORD_PUBLIC_HEARTBEAT') ?? setting(env, 'PACT_BROKER_PUBLIC_HEARTBEAT')),
    enabled: Boolean(basic || basicReadOnly || adminToken),
    failureLimit: integer(env, 'CONCORD_AUTH_FAILURE_LIMIT', 10, 1, 1_000_000),
    failureWindowSeconds: integer(env, 'CONCORD_AUTH_FAILURE_WINDOW_SECONDS', 60, 1, 86_400),
    sessionLifetimeMinutes: integer(env, 'CONCORD_SESSION_LIFETIME_MINUTES', 480, 5, 43_200),
  }
}

/**
 * Reads and validates every setting once; throws ConfigError naming the bad key.
 * @example const config = loadConfig({ PORT: '9393' })
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): Readonly<BrokerConfig> {
  const dataDir = env.CONCORD_DATA_DIR?.trim() || path.join(cwd, '.concord', 'data')
  const config: BrokerConfig = {
    http: {
      port: integer(env, 'PORT', 9292, 0, 65535),
      host: env.CONCORD_HOST?.trim() || env.HOST?.trim() || '127.0.0.1',
      baseUrl: url(env, 'CONCORD_BASE_URL', ['http:', 'https:'])?.replace(/\/+$/, '') ?? null,
      bodyLimitBytes: integer(env, 'CONCORD_BODY_LIMIT', 10 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
      trustProxy: trustProxy(env, 'CONCORD_TRUST_PROXY'),
      headersTimeoutMs: integer(env, 'CONCORD_HEADERS_TIMEOUT_MS', 20_000, 1000, 600_000),
      requestTimeoutMs: integer(env, 'CONCORD_REQUEST_TIMEOUT_MS', 120_000, 1000, 3_600_000),
      keepAliveTimeoutMs: integer(env, 'CONCORD_KEEP_ALIVE_TIMEOUT_MS', 5_000, 0, 600_000),
      maxConnections: integer(env, 'CONCORD_MAX_CONNECTIONS', 1000, 1, 1_000_000),
      shutdownTimeoutMs: integer(env, 'CONCORD_SHUTDOWN_TIMEOUT_MS', 25_000, 0, 3_600_000),
    },
    database: {
      url: url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']),
      dataDir: dataDir === 'memory://' ? dataDir : path.resolve(cwd, dataDir),
      poolSize: integer(env, 'CONCORD_DB_POOL_SIZE', 10, 1, 1000),
      statementTimeoutMs: integer(env, 'CONCORD_DB_STATEMENT_TIMEOUT_MS', 0, 0, 86_400_000),
      transactionPooling: boolean(env, 'CONCORD_DB_TRANSACTION_POOLING', false),
    },
    versions: { order: oneOf(env, 'CONCORD_VERSION_ORDER', ['auto', 'semver', 'creation'] as const, 'auto') },
    contracts: { allowContentModification: boolean(env, 'CONCORD_ALLOW_CONTRACT_MODIFICATION', false) },
    logging: {
      level: oneOf(env, 'CONCORD_LOG_LEVEL', ['debug', 'info', 'warn', 'error', 'silent'] as const, 'info'),
      format: oneOf(env, 'CONCORD_LOG_FORMAT', ['pretty', 'json'] as const, 'pretty'),
    },
    retention: {
      schedule: cron(env, 'CONCORD_CLEAN_SCHEDULE'),
      maxAgeDays: integer(env, 'CONCORD_CLEAN_MAX_AGE_DAYS', 90, 0, 36_500),
      limit: integer(env, 'CONCORD_CLEAN_LIMIT', 500, 1, 1_000_000),
    },
    auth: loadAuth(env),
    deprecations: { sunsetPolicy: oneOf(env, 'CONCORD_SUNSET_POLICY', ['warn', 'fail'] as const, 'warn') },
    schemas: {
      compatibilityDeployable: boolean(env, 'CONCORD_SCHEMA_COMPATIBILITY_DEPLOYABLE', true),
      comparisonTimeoutMs: integer(env, 'CONCORD_SCHEMA_COMPARISON_TIMEOUT_MS', 10_000, 100, 600_000),
    },
    webhooks: {
      schemes: list(env, 'CONCORD_WEBHOOK_SCHEME_ALLOWLIST', ['https'], 'PACT_BROKER_WEBHOOK_SCHEME_WHITELIST').values.map((s) => s.toLowerCase()),
      methods: list(env, 'CONCORD_WEBHOOK_HTTP_METHOD_ALLOWLIST', ['POST'], 'PACT_BROKER_WEBHOOK_HTTP_METHOD_WHITELIST').values.map((m) => m.toUpperCase()),
      hosts: list(env, 'CONCORD_WEBHOOK_HOST_ALLOWLIST', [], 'PACT_BROKER_WEBHOOK_HOST_WHITELIST').values,
      allowedAddresses: cidrs(env, 'CONCORD_WEBHOOK_ALLOWED_ADDRESSES'),
      retrySchedule: numbers(env, 'CONCORD_WEBHOOK_RETRY_SCHEDULE', RETRY_SCHEDULE, seconds, 'PACT_BROKER_WEBHOOK_RETRY_SCHEDULE'),
      successStatuses: numbers(env, 'CONCORD_WEBHOOK_SUCCESS_STATUSES', SUCCESS_STATUSES, statusCodes, 'PACT_BROKER_WEBHOOK_HTTP_CODE_SUCCESS'),
      timeoutMs: integer(env, 'CONCORD_WEBHOOK_TIMEOUT_MS', 15_000, 100, 600_000),
      followRedirects: boolean(env, 'CONCORD_WEBHOOK_FOLLOW_REDIRECTS', false),
      workers: integer(env, 'CONCORD_WEBHOOK_WORKERS', 4, 0, 64),
      pollIntervalMs: integer(env, 'CONCORD_WEBHOOK_POLL_INTERVAL_MS', 1000, 10, 600_000),
      secretKey: secretKey(env, 'CONCORD_WEBHOOK_SECRET_KEY'),
    },
  }
  if (config.http.headersTimeoutMs > config.http.requestTimeoutMs) {
    throw new ConfigError('CONCORD_HEADERS_TIMEOUT_MS', `must not exceed CONCORD_REQUEST_TIMEOUT_MS (${config.http.requestTimeoutMs})`)
  }
  return deepFreeze(config)
}

function deepFreeze<T extends object>(value: T): Readonly<T> {
  // A Buffer (the webhook secret key) cannot be frozen; it is never handed out for writing.
  for (const child of Object.values(value)) if (child && typeof child === 'object' && !Buffer.isBuffer(child)) deepFreeze(child)
  return Object.freeze(value)
}
