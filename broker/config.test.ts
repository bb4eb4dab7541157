import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from './config.js'

describe('loadConfig', () => {
  it('defaults to port 9292 and embedded PGlite under ./.concord/data', () => {
    const config = loadConfig({}, '/srv/app')
    expect(config.http.port).toBe(9292)
    expect(config.database.url).toBeNull()
    expect(config.database.dataDir).toBe(path.join('/srv/app', '.concord', 'data'))
    expect(config.versions.order).toBe('auto')
    expect(config.contracts.allowContentModification).toBe(false)
    expect(Object.isFrozen(config.http)).toBe(true)
  })

  it('trusts no proxy by default, and refuses a trusted-proxy entry that is not an address, subnet or name', () => {
    expect(loadConfig({}, '/srv/app').http.trustProxy).toBe(false)
    expect(loadConfig({ CONCORD_TRUST_PROXY: '2' }, '/srv/app').http.trustProxy).toBe(2)
    expect(() => loadConfig({ CONCORD_TRUST_PROXY: 'proxy.internal' }, '/srv/app')).toThrow(/CONCORD_TRUST_PROXY/)
    expect(() => loadConfig({ CONCORD_TRUST_PROXY: '10.0.0.0/99' }, '/srv/app')).toThrow(/CONCORD_TRUST_PROXY/)
    expect(() => loadConfig({ CONCORD_HEADERS_TIMEOUT_MS: '90000', CONCORD_REQUEST_TIMEOUT_MS: '60000' }, '/srv/app')).toThrow(/CONCORD_HEADERS_TIMEOUT_MS/)
  })

  it('reads every setting from the environment', () => {
    const config = loadConfig(
      {
        PORT: '8080',
        HOST: '127.0.0.1',
        DATABASE_URL: 'postgres://u:p@db:5432/concord',
        CONCORD_DATA_DIR: 'data',
        CONCORD_BASE_URL: 'https://broker.example.com/pact/',
        CONCORD_BODY_LIMIT: '2048',
        CONCORD_TRUST_PROXY: '10.0.0.0/8, loopback',
        CONCORD_HEADERS_TIMEOUT_MS: '5000',
        CONCORD_REQUEST_TIMEOUT_MS: '60000',
        CONCORD_KEEP_ALIVE_TIMEOUT_MS: '1000',
        CONCORD_MAX_CONNECTIONS: '50',
        CONCORD_SHUTDOWN_TIMEOUT_MS: '9000',
        CONCORD_VERSION_ORDER: 'creation',
        CONCORD_ALLOW_CONTRACT_MODIFICATION: 'true',
        CONCORD_LOG_LEVEL: 'warn',
        CONCORD_DB_POOL_SIZE: '25',
        CONCORD_DB_STATEMENT_TIMEOUT_MS: '30000',
        CONCORD_DB_TRANSACTION_POOLING: 'true',
        CONCORD_CLEAN_SCHEDULE: '15 2 * * *',
      },
      '/srv/app',
    )
    expect(config.http).toEqual({
      port: 8080,
      host: '127.0.0.1',
      baseUrl: 'https://broker.example.com/pact',
      bodyLimitBytes: 2048,
      trustProxy: ['10.0.0.0/8', 'loopback'],
      headersTimeoutMs: 5000,
      requestTimeoutMs: 60000,
      keepAliveTimeoutMs: 1000,
      maxConnections: 50,
      shutdownTimeoutMs: 9000,
    })
    expect(config.database).toEqual({
      url: 'postgres://u:p@db:5432/concord',
      dataDir: '/srv/app/data',
      poolSize: 25,
      statementTimeoutMs: 30000,
      transactionPooling: true,
    })
    expect(config.retention).toEqual({ schedule: '15 2 * * *', maxAgeDays: 90, limit: 500 })
    expect(config.versions.order).toBe('creation')
    expect(config.contracts.allowContentModification).toBe(true)
    expect(config.logging.level).toBe('warn')
  })

  it.each([
    ['PORT', 'abc', /PORT: expected a whole number/],
    ['PORT', '70000', /PORT: expected a number from 0 to 65535/],
    ['DATABASE_URL', 'mysql://x', /DATABASE_URL: expected a postgres: or postgresql: URL/],
    ['CONCORD_BASE_URL', 'not a url', /CONCORD_BASE_URL: 'not a url' is not a URL/],
    ['CONCORD_VERSION_ORDER', 'newest', /expected one of auto, semver, creation/],
    ['CONCORD_ALLOW_CONTRACT_MODIFICATION', 'maybe', /expected true or false/],
    ['CONCORD_SCHEMA_COMPATIBILITY_DEPLOYABLE', 'sometimes', /CONCORD_SCHEMA_COMPATIBILITY_DEPLOYABLE: expected true or false/],
    ['CONCORD_SCHEMA_COMPARISON_TIMEOUT_MS', '10s', /CONCORD_SCHEMA_COMPARISON_TIMEOUT_MS: expected a whole number/],
    ['CONCORD_SCHEMA_COMPARISON_TIMEOUT_MS', '50', /CONCORD_SCHEMA_COMPARISON_TIMEOUT_MS: expected a number from 100 to 600000/],
    ['CONCORD_CLEAN_SCHEDULE', 'every night', /CONCORD_CLEAN_SCHEDULE: 'every night' is not a cron expression/],
    ['CONCORD_DB_POOL_SIZE', '0', /CONCORD_DB_POOL_SIZE: expected a number from 1 to 1000/],
    ['CONCORD_LOG_FORMAT', 'xml', /expected one of pretty, json/],
  ])('fails fast on a bad %s', (key, value, message) => {
    expect(() => loadConfig({ [key]: value })).toThrow(ConfigError)
    expect(() => loadConfig({ [key]: value })).toThrow(message)
  })

  it('counts schema-only compatibility as deployable and gives each comparison 10 s unless told otherwise', () => {
    expect(loadConfig({}).schemas).toEqual({ compatibilityDeployable: true, comparisonTimeoutMs: 10_000 })
    expect(loadConfig({ CONCORD_SCHEMA_COMPATIBILITY_DEPLOYABLE: 'false', CONCORD_SCHEMA_COMPARISON_TIMEOUT_MS: '2500' }).schemas).toEqual({
      compatibilityDeployable: false,
      comparisonTimeoutMs: 2500,
    })
  })

  it('binds to 127.0.0.1 and is open (no credentials) unless told otherwise', () => {
    const config = loadConfig({})
    expect(config.http.host).toBe('127.0.0.1')
    expect(config.auth).toMatchObject({ enabled: false, basic: null, basicReadOnly: null, adminToken: null, allowPublicRead: false, publicHeartbeat: false })
    expect(loadConfig({ HOST: '0.0.0.0' }).http.host).toBe('0.0.0.0')
    expect(loadConfig({ HOST: '0.0.0.0', CONCORD_HOST: '::1' }).http.host).toBe('::1')
  })

  it("reads the Pact Broker's auth settings, and the CONCORD_ names over them", () => {
    const pact = loadConfig({
      PACT_BROKER_BASIC_AUTH_USERNAME: 'ci',
      PACT_BROKER_BASIC_AUTH_PASSWORD: 'pw',
      PACT_BROKER_BASIC_AUTH_READ_ONLY_USERNAME: 'dev',
      PACT_BROKER_BASIC_AUTH_READ_ONLY_PASSWORD: 'ro',
      PACT_BROKER_ALLOW_PUBLIC_READ: 'true',
      PACT_BROKER_PUBLIC_HEARTBEAT: 'true',
    }).auth
    expect(pact).toMatchObject({
      enabled: true,
      basic: { username: 'ci', password: 'pw' },
      basicReadOnly: { username: 'dev', password: 'ro' },
      allowPublicRead: true,
      publicHeartbeat: true,
    })
    const both = loadConfig({
      PACT_BROKER_BASIC_AUTH_USERNAME: 'ci',
      CONCORD_BASIC_AUTH_USERNAME: 'concord-ci',
      PACT_BROKER_BASIC_AUTH_PASSWORD: 'pw',
      CONCORD_ALLOW_PUBLIC_READ: 'false',
      PACT_BROKER_ALLOW_PUBLIC_READ: 'true',
    }).auth
    expect(both.basic).toEqual({ username: 'concord-ci', password: 'pw' })
    expect(both.allowPublicRead).toBe(false)
    expect(loadConfig({ CONCORD_ADMIN_TOKEN: 'a'.repeat(32) }).auth).toMatchObject({ enabled: true, adminToken: 'a'.repeat(32) })
  })

  it.each([
    [{ PACT_BROKER_BASIC_AUTH_USERNAME: 'ci' }, /CONCORD_BASIC_AUTH_PASSWORD: is not set, but PACT_BROKER_BASIC_AUTH_USERNAME is/],
    [{ CONCORD_BASIC_AUTH_READ_ONLY_PASSWORD: 'x' }, /CONCORD_BASIC_AUTH_READ_ONLY_USERNAME: is not set/],
    [{ CONCORD_BASIC_AUTH_USERNAME: 'a:b', CONCORD_BASIC_AUTH_PASSWORD: 'x' }, /cannot contain ":"/],
    [{ CONCORD_ADMIN_TOKEN: 'short' }, /CONCORD_ADMIN_TOKEN: must be at least 16 characters/],
    [{ PACT_BROKER_ALLOW_PUBLIC_READ: 'perhaps' }, /PACT_BROKER_ALLOW_PUBLIC_READ: expected true or false/],
  ])('refuses incomplete or bad auth settings %#', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message)
  })
})

describe('loadConfig: webhooks', () => {
  it("has the Pact Broker's defaults", () => {
    const { webhooks } = loadConfig({}, '/srv/app')
    expect(webhooks).toMatchObject({
      schemes: ['https'],
      methods: ['POST'],
      hosts: [],
      allowedAddresses: [],
      retrySchedule: [10, 60, 120, 300, 600, 1200],
      successStatuses: [200, 201, 202, 203, 204, 205, 206],
      timeoutMs: 15_000,
      followRedirects: false,
      workers: 4,
      secretKey: null,
    })
  })

  it("reads Concord's names, falls back to the Pact Broker's, and refuses bad values naming the variable", () => {
    const config = loadConfig(
      {
        PACT_BROKER_WEBHOOK_SCHEME_WHITELIST: 'http https',
        CONCORD_WEBHOOK_HTTP_METHOD_ALLOWLIST: 'post,put',
        PACT_BROKER_WEBHOOK_HOST_WHITELIST: 'api.github.com /^ci\\d+$/',
        CONCORD_WEBHOOK_RETRY_SCHEDULE: '0.5 2',
        PACT_BROKER_WEBHOOK_HTTP_CODE_SUCCESS: '200 302',
        CONCORD_WEBHOOK_ALLOWED_ADDRESSES: '127.0.0.1, 10.0.0.0/8',
        CONCORD_WEBHOOK_SECRET_KEY: 'ab'.repeat(32),
      },
      '/srv/app',
    ).webhooks
    expect(config).toMatchObject({
      schemes: ['http', 'https'],
      methods: ['POST', 'PUT'],
      hosts: ['api.github.com', '/^ci\\d+$/'],
      retrySchedule: [0.5, 2],
      successStatuses: [200, 302],
    })
    expect(config.secretKey?.length).toBe(32)
    expect(() => loadConfig({ CONCORD_WEBHOOK_RETRY_SCHEDULE: '10 soon' })).toThrow(/CONCORD_WEBHOOK_RETRY_SCHEDULE/)
    expect(() => loadConfig({ PACT_BROKER_WEBHOOK_HTTP_CODE_SUCCESS: '200 999' })).toThrow(/PACT_BROKER_WEBHOOK_HTTP_CODE_SUCCESS/)
    expect(() => loadConfig({ CONCORD_WEBHOOK_ALLOWED_ADDRESSES: 'localhost' })).toThrow(/CONCORD_WEBHOOK_ALLOWED_ADDRESSES/)
    expect(() => loadConfig({ CONCORD_WEBHOOK_SECRET_KEY: 'short' })).toThrow(/CONCORD_WEBHOOK_SECRET_KEY/)
  })
})
