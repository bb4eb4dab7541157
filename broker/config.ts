/**
 * @module config
 * The broker's settings. `loadConfig` is the only place in broker/ that reads the environment; everything else
 * receives the frozen `BrokerConfig` it returns. Every key is documented in docs/configuration.md.
 */
import path from 'node:path'

export type VersionOrder = 'auto' | 'semver' | 'creation'
export type SunsetPolicy = 'warn' | 'fail'
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent'

export interface BrokerConfig {
  readonly http: {
    /** TCP port to listen on (`PORT`, default 9292). */
    readonly port: number
    /** Interface to bind (`HOST`, default 0.0.0.0). */
    readonly host: string
    /** Public URL used in HAL links (`CONCORD_BASE_URL`); null means "derive it from each request". */
    readonly baseUrl: string | null
    /** Largest request body accepted, in bytes (`CONCORD_BODY_LIMIT`, default 10 MiB). */
    readonly bodyLimitBytes: number
  }
  readonly database: {
    /** PostgreSQL connection string (`DATABASE_URL`); null means embedded PGlite. */
    readonly url: string | null
    /** Where embedded PGlite keeps its files (`CONCORD_DATA_DIR`, default ./.concord/data); `memory://` keeps nothing. */
    readonly dataDir: string
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
    readonly level: LogLevel
  }
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

/**
 * Reads and validates every setting once; throws ConfigError naming the bad key.
 * @example const config = loadConfig({ PORT: '9393' })
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): Readonly<BrokerConfig> {
  const dataDir = env.CONCORD_DATA_DIR?.trim() || path.join(cwd, '.concord', 'data')
  const config: BrokerConfig = {
    http: {
      port: integer(env, 'PORT', 9292, 0, 65535),
      host: env.HOST?.trim() || '0.0.0.0',
      baseUrl: url(env, 'CONCORD_BASE_URL', ['http:', 'https:'])?.replace(/\/+$/, '') ?? null,
      bodyLimitBytes: integer(env, 'CONCORD_BODY_LIMIT', 10 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
    },
    database: {
      url: url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']),
      dataDir: dataDir === 'memory://' ? dataDir : path.resolve(cwd, dataDir),
    },
    versions: { order: oneOf(env, 'CONCORD_VERSION_ORDER', ['auto', 'semver', 'creation'] as const, 'auto') },
    contracts: { allowContentModification: boolean(env, 'CONCORD_ALLOW_CONTRACT_MODIFICATION', false) },
    logging: { level: oneOf(env, 'CONCORD_LOG_LEVEL', ['debug', 'info', 'warn', 'error', 'silent'] as const, 'info') },
    deprecations: { sunsetPolicy: oneOf(env, 'CONCORD_SUNSET_POLICY', ['warn', 'fail'] as const, 'warn') },
    schemas: {
      compatibilityDeployable: boolean(env, 'CONCORD_SCHEMA_COMPATIBILITY_DEPLOYABLE', true),
      comparisonTimeoutMs: integer(env, 'CONCORD_SCHEMA_COMPARISON_TIMEOUT_MS', 10_000, 100, 600_000),
    },
  }
  return deepFreeze(config)
}

function deepFreeze<T extends object>(value: T): Readonly<T> {
  for (const child of Object.values(value)) if (child && typeof child === 'object') deepFreeze(child)
  return Object.freeze(value)
}
