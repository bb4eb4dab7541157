import { describe, expect, it } from 'vitest'
import { parseArgs } from './args.js'
import { COMMANDS } from './cli.js'
import { DEFAULT_BROKER_URL } from './connection.js'
import { commandHelp, mainHelp } from './help.js'
import { findCommand, parseInvocation } from './invocation.js'
import { UsageError } from './errors.js'

const parse = (argv: string[], env: Record<string, string> = {}) => parseInvocation(argv, env)
const usageError = (argv: string[]) => {
  try {
    parse(argv)
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError)
    return (error as Error).message
  }
  throw new Error(`expected a usage error for ${argv.join(' ')}`)
}

describe('parseArgs', () => {
  const specs = [
    { name: 'tag', short: 't', type: 'string' as const, multiple: true, description: '' },
    { name: 'dry-run', type: 'boolean' as const, description: '' },
    { name: 'limit', type: 'number' as const, description: '' },
    { name: 'latest', type: 'string' as const, optionalValue: true, description: '' },
  ]

  it('reads long, short, inline and repeated flags, and positionals in any position', () => {
    const args = parseArgs(['pacts', '--tag', 'a', '-t', 'b', '--tag=c', '-td', '--dry-run', '--limit', '5', 'more'], specs)
    expect(args.positionals).toEqual(['pacts', 'more'])
    expect(args.flags).toEqual({ tag: ['a', 'b', 'c', 'd'], 'dry-run': true, limit: 5 })
    expect(args.ordered.map((o) => o.name)).toEqual(['tag', 'tag', 'tag', 'tag', 'dry-run', 'limit'])
  })

  it('gives an optional-value flag true when no value follows', () => {
    expect(parseArgs(['--latest', '--dry-run'], specs).flags.latest).toBe(true)
    expect(parseArgs(['--latest', 'prod'], specs).flags.latest).toBe('prod')
    expect(parseArgs(['--latest'], specs).flags.latest).toBe(true)
  })

  it('treats everything after -- as positionals', () => {
    expect(parseArgs(['--', '--tag', 'x'], specs).positionals).toEqual(['--tag', 'x'])
  })

  it('rejects unknown flags with a suggestion, missing values and bad numbers', () => {
    expect(() => parseArgs(['--dryrun'], specs)).toThrow('Unknown option --dryrun (did you mean --dry-run?)')
    expect(() => parseArgs(['--tag'], specs)).toThrow('--tag needs a value')
    expect(() => parseArgs(['--limit', 'ten'], specs)).toThrow("--limit expects a number, got 'ten'")
    expect(() => parseArgs(['--dry-run=maybe'], specs)).toThrow('is a switch')
  })
})

describe('command resolution', () => {
  it('finds two-word commands before one-word ones', () => {
    expect(findCommand(['broker', 'migrate', '--data-dir', 'x']).command.name).toBe('broker migrate')
    expect(findCommand(['broker', '--port', '1']).command.name).toBe('broker')
    expect(findCommand(['environment', 'list']).rest).toEqual([])
  })

  it('suggests the closest command for a typo, and lists subcommands of a group', () => {
    expect(usageError(['can-i-deplyo'])).toBe("Unknown command 'can-i-deplyo' (did you mean 'can-i-deploy'?). Run 'concord --help' for the list.")
    expect(usageError(['environment'])).toContain("'concord environment' needs a subcommand. Choose one of: environment create, environment list")
    expect(usageError(['pacticipant', 'shwo'])).toContain("did you mean 'concord pacticipant show'?")
  })

  it('has help with an example for every command', () => {
    for (const command of COMMANDS) {
      const help = commandHelp(command)
      expect(help).toContain(`Usage: concord ${command.name}`)
      expect(help).toMatch(/Examples?:\n {2}concord /)
      expect(mainHelp()).toContain(command.name)
    }
  })

  it('reports --help without needing the required options', () => {
    const inv = parse(['record-deployment', '--help'])
    expect(inv.help).toBe(true)
    expect(inv.options).toBeUndefined()
  })
})

describe('broker connection', () => {
  it('takes flags first, then CONCORD_*, then the Pact variables, then the local default', () => {
    expect(parse(['environment', 'list']).connection).toEqual({ baseUrl: DEFAULT_BROKER_URL, token: undefined, username: undefined, password: undefined })
    expect(
      parse(['environment', 'list'], { PACT_BROKER_BASE_URL: 'http://pact', PACT_BROKER_TOKEN: 'pt', PACT_BROKER_USERNAME: 'u', PACT_BROKER_PASSWORD: 'p' })
        .connection,
    ).toEqual({
      baseUrl: 'http://pact',
      token: 'pt',
      username: 'u',
      password: 'p',
    })
    const env = { CONCORD_BROKER_URL: 'http://concord', CONCORD_BROKER_TOKEN: 'ct', PACT_BROKER_BASE_URL: 'http://pact', PACT_BROKER_TOKEN: 'pt' }
    expect(parse(['environment', 'list'], env).connection).toMatchObject({ baseUrl: 'http://concord', token: 'ct' })
    expect(parse(['environment', 'list', '-b', 'http://flag', '-k', 'ft'], env).connection).toMatchObject({ baseUrl: 'http://flag', token: 'ft' })
  })

  it('does not add broker flags to the broker command itself', () => {
    expect(usageError(['broker', '--broker-url', 'http://x'])).toContain('Unknown option --broker-url')
  })
})

describe('can-i-deploy options', () => {
  it('attaches --version/--latest/--branch/--main-branch to the preceding --pacticipant, in order', () => {
    const { options } = parse([
      'can-i-deploy',
      '-a',
      'web',
      '-e',
      '1.0.0',
      '--pacticipant',
      'users',
      '--latest',
      'prod',
      '-a',
      'admin',
      '--branch',
      'main',
      '--latest',
      '-a',
      'jobs',
      '--main-branch',
      '--to-environment',
      'production',
    ])
    expect(options).toEqual({
      selectors: [
        { pacticipant: 'web', version: '1.0.0' },
        { pacticipant: 'users', latest: 'prod' },
        { pacticipant: 'admin', branch: 'main', latest: true },
        { pacticipant: 'jobs', mainBranch: true },
      ],
      ignore: [],
      toEnvironment: 'production',
      to: undefined,
      retryWhileUnknown: 0,
      retryIntervalSeconds: 10,
      dryRun: false,
    })
  })

  it('reads --ignore with an optional --version, retries and dry run', () => {
    const { options } = parse([
      'can-i-deploy',
      '-a',
      'web',
      '-e',
      '1',
      '--ignore',
      'legacy',
      '--version',
      '3',
      '--ignore',
      'audit',
      '--retry-while-unknown',
      '5',
      '--retry-interval',
      '2',
      '--dry-run',
      '-o',
      'json',
    ])
    expect(options).toMatchObject({
      ignore: [{ pacticipant: 'legacy', version: '3' }, { pacticipant: 'audit' }],
      retryWhileUnknown: 5,
      retryIntervalSeconds: 2,
      dryRun: true,
    })
    expect(parse(['can-i-deploy', '-a', 'web', '-e', '1', '-o', 'json']).output).toBe('json')
  })

  it('explains what is wrong with a selector', () => {
    expect(usageError(['can-i-deploy'])).toContain('Name at least one application')
    expect(usageError(['can-i-deploy', '--version', '1'])).toContain('--version must follow the --pacticipant it belongs to')
    expect(usageError(['can-i-deploy', '-a', 'web'])).toContain('Say which version of web')
    expect(usageError(['can-i-deploy', '-a', 'web', '-e', '1', '--latest'])).toContain('either --version or --latest for web')
    expect(usageError(['can-i-deploy', '-a', 'web', '-e', '1', '--to', 'prod', '--to-environment', 'prod'])).toContain('not both')
    expect(usageError(['can-i-deploy', '-a', 'web', '-e', '1', '--ignore', 'x', '--latest'])).toContain('--latest cannot follow --ignore')
    expect(usageError(['can-i-deploy', '-a', 'web', '-e', '1', '-o', 'yaml'])).toContain("--output must be table or json, not 'yaml'")
  })
})

describe('other commands', () => {
  it('publish takes paths, version, branch, repeated tags, build URL and merge', () => {
    expect(
      parse(['publish', 'pacts', 'more/*.json', '-a', '1.2.3', '--branch', 'main', '-t', 'a', '--tag', 'b', '--build-url', 'http://ci/1', '--merge']).options,
    ).toEqual({
      paths: ['pacts', 'more/*.json'],
      version: '1.2.3',
      branch: 'main',
      tags: ['a', 'b'],
      buildUrl: 'http://ci/1',
      merge: true,
    })
    expect(parse(['publish', 'pacts']).options).toMatchObject({ version: undefined, branch: undefined, tags: [], merge: false })
    expect(usageError(['publish'])).toContain('Name the pact files to publish')
  })

  it('record-* need their names', () => {
    expect(parse(['record-deployment', '-a', 'users', '-e', '2', '--environment', 'prod', '--application-instance', 'blue']).options).toEqual({
      pacticipant: 'users',
      version: '2',
      environment: 'prod',
      applicationInstance: 'blue',
    })
    expect(usageError(['record-deployment', '-a', 'users', '-e', '2'])).toBe('--environment is required')
    expect(parse(['record-undeployment', '-a', 'users', '--environment', 'prod']).options).toEqual({
      pacticipant: 'users',
      environment: 'prod',
      applicationInstance: undefined,
    })
    expect(parse(['record-release', '-a', 'm', '-e', '3', '--environment', 'store']).options).toEqual({ pacticipant: 'm', version: '3', environment: 'store' })
    expect(parse(['record-support-ended', '-a', 'm', '-e', '3', '--environment', 'store']).options).toEqual({
      pacticipant: 'm',
      version: '3',
      environment: 'store',
    })
  })

  it('environment, pacticipant and version commands', () => {
    expect(parse(['environment', 'create', '--name', 'prod', '--production', '--contact-name', 'Ops', '--contact-email-address', 'ops@x']).options).toEqual({
      name: 'prod',
      displayName: undefined,
      production: true,
      contactName: 'Ops',
      contactEmail: 'ops@x',
    })
    expect(parse(['environment', 'show', '--name', 'prod']).options).toEqual({ uuid: undefined, name: 'prod' })
    expect(usageError(['environment', 'delete'])).toContain('--name NAME or --uuid UUID')
    expect(usageError(['environment', 'list', 'extra'])).toContain("takes no arguments, got 'extra'")
    expect(parse(['pacticipant', 'create', '--name', 'web', '--main-branch', 'main']).options).toMatchObject({ name: 'web', mainBranch: 'main' })
    expect(parse(['version', 'tag', '-a', 'web', '-e', '1', '-t', 'x', '-t', 'y']).options).toEqual({
      pacticipant: 'web',
      version: '1',
      tags: ['x', 'y'],
      autoCreateVersion: false,
    })
    expect(usageError(['version', 'tag', '-a', 'web', '-e', '1'])).toContain('--tag is required')
  })

  it('matrix allows a bare --pacticipant and checks --latestby', () => {
    expect(parse(['matrix', '-a', 'web', '-a', 'users', '-e', '2', '--latestby', 'cvp', '--limit', '10']).options).toEqual({
      selectors: [{ pacticipant: 'web' }, { pacticipant: 'users', version: '2' }],
      toEnvironment: undefined,
      latestby: 'cvp',
      limit: 10,
    })
    expect(usageError(['matrix', '-a', 'web', '--latestby', 'x'])).toContain('--latestby must be cvp, cvpv or cp')
  })

  it('can-i-deploy and matrix read selectors with the one parser: the same flags give the same selectors', () => {
    const argv = ['-a', 'web', '--branch', 'main', '--latest', '-a', 'users', '--tag', 'prod', '-a', 'jobs', '--main-branch']
    const canIDeploy = parse(['can-i-deploy', ...argv]).options as { selectors: unknown }
    const matrix = parse(['matrix', ...argv]).options as { selectors: unknown }
    expect(matrix.selectors).toEqual(canIDeploy.selectors)
    expect(usageError(['matrix', '--version', '1'])).toContain('--version must follow the --pacticipant it belongs to')
    expect(usageError(['matrix', '-a', 'web', '-e', '1', '--latest'])).toContain('either --version or --latest for web')
  })

  it('reads --semver RANGE as a selector of its own, and --fail-on-sunset as true, false or left to the broker', () => {
    expect(parse(['can-i-deploy', '-a', 'users', '--semver', '^2.0.0', '--to-environment', 'production', '--fail-on-sunset']).options).toMatchObject({
      selectors: [{ pacticipant: 'users', semver: '^2.0.0' }],
      failOnSunset: true,
    })
    expect(parse(['can-i-deploy', '-a', 'users', '--semver', '^2', '--fail-on-sunset=false']).options).toMatchObject({ failOnSunset: false })
    expect(parse(['can-i-deploy', '-a', 'users', '--semver', '^2']).options).not.toHaveProperty('failOnSunset')
    expect(parse(['matrix', '-a', 'users', '--semver', '>=1.2.0 <2.0.0', '-a', 'web']).options).toMatchObject({
      selectors: [{ pacticipant: 'users', semver: '>=1.2.0 <2.0.0' }, { pacticipant: 'web' }],
    })
    expect(usageError(['can-i-deploy', '-a', 'users', '--semver', '^2', '--branch', 'main'])).toContain(
      '--semver picks the version of users on its own: drop --branch',
    )
  })

  it('broker takes port, database URL or data dir', () => {
    expect(parse(['broker', '--port', '9393', '--data-dir', '/tmp/x']).options).toEqual({
      port: 9393,
      host: undefined,
      databaseUrl: undefined,
      dataDir: '/tmp/x',
    })
    expect(usageError(['broker', '--database-url', 'postgres://x', '--data-dir', 'y'])).toContain('not both')
    expect(parse(['broker', 'migrate', '--database-url', 'postgres://x']).options).toEqual({ databaseUrl: 'postgres://x', dataDir: undefined })
  })
})
