/**
 * @module cli
 * The command table: every `concord` command's name, flags, environment fallbacks, help text, the pure
 * argv → options function, and a lazy import of the code that runs it (so `concord --help` loads nothing else).
 *
 * To add a command: write `cli/commands/<name>/index.ts` exporting `run(options, ctx)`, and add one entry to
 * COMMANDS with `defineCommand`.
 */
import { type FlagSpec, type ParsedArgs, parseArgs, reader, suggest } from './args.js'
import type { CommandModule, Env } from './context.js'
import { UsageError } from './errors.js'
import type { DiffOptions } from './commands/diff/index.js'
import type { SemverCheckOptions } from './commands/semver-check/index.js'
import { DEPRECATE_FLAGS, type DeprecateOptions, deprecateOptions } from './commands/deprecate/options.js'
import { DEPRECATIONS_FLAGS, type DeprecationsOptions, deprecationsOptions } from './commands/deprecations/options.js'
import {
  ACCEPT_FLAGS,
  acceptOptions,
  type DecideOptions,
  DISMISS_FLAGS,
  dismissOptions,
  PROPOSALS_FLAGS,
  type ProposalsOptions,
  proposalsOptions,
} from './commands/deprecation-proposals/options.js'

export interface CommandDefinition<O = unknown> {
  /** Words after `concord`, e.g. `environment create`. */
  name: string
  summary: string
  usage: string
  /** Longer help, one paragraph per line. */
  description?: string[]
  examples: string[]
  flags: FlagSpec[]
  /** Help line for positional arguments, if any. */
  positionals?: string
  /** Adds the broker connection flags and a client in the context. */
  broker: boolean
  /** argv → options; pure (no I/O), so it is tested apart from behaviour. */
  options(args: ParsedArgs, env: Env): O
  load(): Promise<CommandModule<O>>
}

/** Keeps the options type of each entry tied to its module. */
export function defineCommand<O>(definition: CommandDefinition<O>): CommandDefinition<O> {
  return definition
}

export const GLOBAL_FLAGS: FlagSpec[] = [
  { name: 'help', short: 'h', type: 'boolean', description: 'Show help for the command' },
  { name: 'output', short: 'o', type: 'string', valueName: 'table|json', description: 'table (default: for people) or json (stable, for scripts)' },
  { name: 'verbose', type: 'boolean', description: 'Print stack traces and more detail on errors' },
]

export const BROKER_FLAGS: FlagSpec[] = [
  {
    name: 'broker-url',
    short: 'b',
    type: 'string',
    valueName: 'URL',
    description: 'Broker base URL (env CONCORD_BROKER_URL, PACT_BROKER_BASE_URL; default http://localhost:9292)',
  },
  { name: 'broker-token', short: 'k', type: 'string', valueName: 'TOKEN', description: 'Bearer token (env CONCORD_BROKER_TOKEN, PACT_BROKER_TOKEN)' },
  { name: 'broker-username', short: 'u', type: 'string', valueName: 'USER', description: 'Basic auth user (env PACT_BROKER_USERNAME)' },
  { name: 'broker-password', short: 'p', type: 'string', valueName: 'PASSWORD', description: 'Basic auth password (env PACT_BROKER_PASSWORD)' },
]

export const DEFAULT_BROKER_URL = 'http://localhost:9292'

export interface BrokerConnection {
  baseUrl: string
  token?: string | undefined
  username?: string | undefined
  password?: string | undefined
}

const blank = (s: string | undefined) => (s?.trim() ? s.trim() : undefined)

/** Flags first, then CONCORD_*, then the Pact names; the URL defaults to a local broker. */
export function brokerConnection(args: ParsedArgs, env: Env): BrokerConnection {
  const r = reader(args)
  return {
    baseUrl: blank(r.string('broker-url')) ?? blank(env.CONCORD_BROKER_URL) ?? blank(env.PACT_BROKER_BASE_URL) ?? DEFAULT_BROKER_URL,
    token: blank(r.string('broker-token')) ?? blank(env.CONCORD_BROKER_TOKEN) ?? blank(env.PACT_BROKER_TOKEN),
    username: blank(r.string('broker-username')) ?? blank(env.PACT_BROKER_USERNAME),
    password: r.string('broker-password') ?? env.PACT_BROKER_PASSWORD,
  }
}

export function outputOf(args: ParsedArgs): 'table' | 'json' {
  const value = reader(args).string('output') ?? 'table'
  if (value === 'json') return 'json'
  if (value === 'table' || value === 'text') return 'table'
  throw new UsageError(`--output must be table or json, not '${value}'`)
}

// ---------------------------------------------------------------------------------------------------------
// Options of each command (pure functions of argv and env)

export interface BrokerOptions {
  port?: number | undefined
  host?: string | undefined
  databaseUrl?: string | undefined
  dataDir?: string | undefined
}

export interface PublishOptions {
  paths: string[]
  version?: string | undefined
  branch?: string | undefined
  tags: string[]
  buildUrl?: string | undefined
  merge: boolean
}

export interface SelectorOption {
  pacticipant: string
  version?: string
  latest?: true | string
  branch?: string
  tag?: string
  mainBranch?: true
}

export interface CanIDeployOptions {
  selectors: SelectorOption[]
  ignore: { pacticipant: string; version?: string }[]
  toEnvironment?: string | undefined
  to?: string | undefined
  retryWhileUnknown: number
  retryIntervalSeconds: number
  dryRun: boolean
}

export interface MatrixOptions {
  selectors: SelectorOption[]
  toEnvironment?: string | undefined
  latestby?: 'cvp' | 'cvpv' | 'cp' | undefined
  limit?: number | undefined
}

export interface DeploymentOptions {
  pacticipant: string
  version: string
  environment: string
  applicationInstance?: string | undefined
}

export interface UndeploymentOptions {
  pacticipant: string
  environment: string
  applicationInstance?: string | undefined
}

export interface ReleaseOptions {
  pacticipant: string
  version: string
  environment: string
}

export interface EnvironmentCreateOptions {
  name: string
  displayName?: string | undefined
  production: boolean
  contactName?: string | undefined
  contactEmail?: string | undefined
}

export interface EnvironmentRefOptions {
  uuid?: string | undefined
  name?: string | undefined
}

export interface PacticipantCreateOptions {
  name: string
  displayName?: string | undefined
  mainBranch?: string | undefined
  repositoryUrl?: string | undefined
}

export interface VersionTagOptions {
  pacticipant: string
  version: string
  tags: string[]
  autoCreateVersion: boolean
}

const SELECTOR_FLAGS: FlagSpec[] = [
  { name: 'pacticipant', short: 'a', type: 'string', multiple: true, valueName: 'NAME', description: 'An application; starts a selector (repeat for several)' },
  {
    name: 'version',
    short: 'e',
    type: 'string',
    multiple: true,
    valueName: 'VERSION',
    description: 'The version of the preceding --pacticipant (or --ignore)',
  },
  {
    name: 'latest',
    short: 'l',
    type: 'string',
    multiple: true,
    optionalValue: true,
    valueName: '[TAG]',
    description: 'The latest version of the preceding --pacticipant (with TAG, the latest with that tag)',
  },
  {
    name: 'branch',
    type: 'string',
    multiple: true,
    valueName: 'BRANCH',
    description: 'Versions of the preceding --pacticipant from BRANCH (the latest one with --latest)',
  },
  { name: 'tag', type: 'string', multiple: true, valueName: 'TAG', description: 'Versions of the preceding --pacticipant with TAG' },
  { name: 'main-branch', type: 'boolean', multiple: true, description: 'Versions of the preceding --pacticipant from its main branch' },
]

/**
 * Builds selectors from the ordered flags: each `--pacticipant` (or `--ignore`) starts one, and the
 * `--version/--latest/--branch/--tag/--main-branch` after it belong to it, as in the Pact CLI.
 */
export function selectorsFrom(args: ParsedArgs, allowIgnore: boolean): { selectors: SelectorOption[]; ignore: { pacticipant: string; version?: string }[] } {
  const selectors: SelectorOption[] = []
  const ignore: { pacticipant: string; version?: string }[] = []
  let current: { kind: 'selector'; value: SelectorOption } | { kind: 'ignore'; value: { pacticipant: string; version?: string } } | undefined
  for (const { name, value } of args.ordered) {
    if (name === 'pacticipant') {
      current = { kind: 'selector', value: { pacticipant: String(value) } }
      selectors.push(current.value)
      continue
    }
    if (name === 'ignore' && allowIgnore) {
      current = { kind: 'ignore', value: { pacticipant: String(value) } }
      ignore.push(current.value)
      continue
    }
    if (!['version', 'latest', 'branch', 'tag', 'main-branch'].includes(name)) continue
    if (!current)
      throw new UsageError(`--${name} must follow the --pacticipant it belongs to (e.g. --pacticipant web --${name}${name === 'main-branch' ? '' : ' X'})`)
    if (current.kind === 'ignore') {
      if (name !== 'version') throw new UsageError(`--${name} cannot follow --ignore (only --version can)`)
      current.value.version = String(value)
      continue
    }
    const s = current.value
    if (name === 'version') {
      if (s.version !== undefined) throw new UsageError(`--version given twice for ${s.pacticipant}: start another selector with --pacticipant`)
      s.version = String(value)
    } else if (name === 'latest') s.latest = value === true ? true : String(value)
    else if (name === 'branch') s.branch = String(value)
    else if (name === 'tag') s.tag = String(value)
    else if (name === 'main-branch' && value === true) s.mainBranch = true
  }
  for (const s of selectors) {
    if (s.version !== undefined && s.latest !== undefined) throw new UsageError(`Give either --version or --latest for ${s.pacticipant}, not both`)
    if (s.version === undefined && s.latest === undefined && s.branch === undefined && s.tag === undefined && !s.mainBranch) {
      throw new UsageError(
        `Say which version of ${s.pacticipant}: add --version VERSION, --latest [TAG], --branch BRANCH or --main-branch after --pacticipant ${s.pacticipant}`,
      )
    }
  }
  return { selectors, ignore }
}

const env = (name: string, description: string, extra: Partial<FlagSpec> = {}): FlagSpec => ({ name, type: 'string', description, ...extra })

function environmentRef(args: ParsedArgs): EnvironmentRefOptions {
  const r = reader(args)
  const uuid = r.string('uuid')
  const name = r.string('name')
  if (!uuid && !name) throw new UsageError('Name the environment with --name NAME or --uuid UUID')
  if (uuid && name) throw new UsageError('Give --name or --uuid, not both')
  return { uuid, name }
}

// ---------------------------------------------------------------------------------------------------------
// The table

export const COMMANDS: CommandDefinition<any>[] = [
  defineCommand<BrokerOptions>({
    name: 'broker',
    summary: 'Start the broker (the same settings as npm start)',
    usage: 'concord broker [--port PORT] [--database-url URL | --data-dir DIR]',
    description: [
      'Runs the broker in the foreground until Ctrl-C (SIGINT) or SIGTERM. Without --database-url it keeps its data in',
      'embedded PostgreSQL (PGlite) under --data-dir (default ./.concord/data). Other settings come from the environment',
      '(docs/configuration.md). Migrations run at start.',
    ],
    examples: ['concord broker --port 9292', 'concord broker --database-url postgres://postgres@localhost:5432/concord'],
    flags: [
      { name: 'port', type: 'number', valueName: 'PORT', description: 'Port to listen on (env PORT, default 9292)' },
      { name: 'host', type: 'string', valueName: 'HOST', description: 'Interface to bind (env HOST, default 0.0.0.0)' },
      env('database-url', 'PostgreSQL connection string (env DATABASE_URL); default: embedded PGlite', { valueName: 'URL' }),
      env('data-dir', 'Where embedded PGlite keeps its files (env CONCORD_DATA_DIR)', { valueName: 'DIR' }),
    ],
    broker: false,
    options(args) {
      const r = reader(args)
      if (r.string('database-url') && r.string('data-dir')) throw new UsageError('--data-dir is for the embedded database: give it or --database-url, not both')
      return { port: r.number('port'), host: r.string('host'), databaseUrl: r.string('database-url'), dataDir: r.string('data-dir') }
    },
    load: () => import('./commands/broker/index.js').then((m) => ({ run: m.serve })),
  }),
  defineCommand<BrokerOptions>({
    name: 'broker migrate',
    summary: "Run the broker's database migrations and exit",
    usage: 'concord broker migrate [--database-url URL | --data-dir DIR]',
    examples: ['concord broker migrate --database-url postgres://postgres@localhost:5432/concord'],
    flags: [
      env('database-url', 'PostgreSQL connection string (env DATABASE_URL)', { valueName: 'URL' }),
      env('data-dir', 'Embedded PGlite directory (env CONCORD_DATA_DIR)', { valueName: 'DIR' }),
    ],
    broker: false,
    options(args) {
      const r = reader(args)
      if (r.string('database-url') && r.string('data-dir')) throw new UsageError('Give --database-url or --data-dir, not both')
      return { databaseUrl: r.string('database-url'), dataDir: r.string('data-dir') }
    },
    load: () => import('./commands/broker/index.js').then((m) => ({ run: m.migrate })),
  }),
  defineCommand<PublishOptions>({
    name: 'publish',
    summary: 'Publish pact files for a consumer version',
    usage: 'concord publish <dirs|files|globs...> [--consumer-app-version V] [--branch B] [--tag T...] [--build-url URL]',
    description: [
      'Publishes every pact file found (directories: their *.json files; globs: *, ?, **), one publication per consumer.',
      'Without --consumer-app-version the version is the git commit (CI variables such as GITHUB_SHA first, then',
      '`git rev-parse HEAD`); without --branch the branch comes from git the same way. The output says when it did so.',
    ],
    examples: ['concord publish ./pacts --consumer-app-version 1.2.0 --branch main', 'concord publish "pacts/*.json" --tag prod --build-url $BUILD_URL'],
    positionals: '<dirs|files|globs...>',
    flags: [
      { name: 'consumer-app-version', short: 'a', type: 'string', valueName: 'VERSION', description: 'The consumer version (default: the git commit)' },
      { name: 'branch', type: 'string', valueName: 'BRANCH', description: 'The consumer version branch (default: the git branch)' },
      { name: 'tag', short: 't', type: 'string', multiple: true, valueName: 'TAG', description: 'Tag the consumer version (repeat for several)' },
      { name: 'build-url', type: 'string', valueName: 'URL', description: 'The CI build that produced the pacts' },
      { name: 'merge', type: 'boolean', description: 'Merge with an existing pact for the same version instead of replacing it' },
    ],
    broker: true,
    options(args) {
      const r = reader(args)
      if (!args.positionals.length) throw new UsageError('Name the pact files to publish: a directory, files or globs (e.g. concord publish ./pacts)')
      return {
        paths: args.positionals,
        version: r.string('consumer-app-version'),
        branch: r.string('branch'),
        tags: r.list('tag'),
        buildUrl: r.string('build-url'),
        merge: r.boolean('merge'),
      }
    },
    load: () => import('./commands/publish/index.js'),
  }),
  defineCommand<CanIDeployOptions>({
    name: 'can-i-deploy',
    summary: 'Check whether versions are compatible with what is in an environment',
    usage: 'concord can-i-deploy --pacticipant NAME (--version V | --latest [TAG] | --branch B | --main-branch) [...] [--to-environment ENV]',
    description: [
      'Asks the broker whether the given versions have successful verification results with every version they',
      'integrate with (in --to-environment when given). Exit 0 when deployable, 1 when not (or still unknown), 2 on',
      'errors. --retry-while-unknown N re-asks up to N more times, --retry-interval seconds apart, while the answer is',
      'unknown (results not yet published). --dry-run prints the answer but always exits 0.',
    ],
    examples: [
      'concord can-i-deploy --pacticipant web --version 1.2.0 --to-environment production',
      'concord can-i-deploy -a web -e 1.2.0 -a users --latest --retry-while-unknown 12 --retry-interval 10',
    ],
    flags: [
      ...SELECTOR_FLAGS,
      { name: 'to-environment', type: 'string', valueName: 'ENV', description: 'The environment you are deploying to' },
      { name: 'to', type: 'string', valueName: 'TAG', description: 'The tag of the environment (older, tag-based workflows)' },
      {
        name: 'ignore',
        type: 'string',
        multiple: true,
        valueName: 'NAME',
        description: 'Ignore an integration with NAME (optionally followed by --version V)',
      },
      { name: 'retry-while-unknown', type: 'number', valueName: 'TIMES', description: 'Re-ask up to TIMES more times while the answer is unknown (default 0)' },
      { name: 'retry-interval', type: 'number', valueName: 'SECONDS', description: 'Seconds between attempts (default 10)' },
      { name: 'dry-run', type: 'boolean', description: 'Print the answer but always exit 0' },
    ],
    broker: true,
    options(args) {
      const r = reader(args)
      const { selectors, ignore } = selectorsFrom(args, true)
      if (!selectors.length) throw new UsageError('Name at least one application: --pacticipant NAME --version VERSION')
      const toEnvironment = r.string('to-environment')
      const to = r.string('to')
      if (toEnvironment && to) throw new UsageError('Give --to-environment or --to, not both')
      const retries = r.number('retry-while-unknown') ?? 0
      if (!Number.isInteger(retries)) throw new UsageError('--retry-while-unknown expects a whole number of retries')
      return {
        selectors,
        ignore,
        toEnvironment,
        to,
        retryWhileUnknown: retries,
        retryIntervalSeconds: r.number('retry-interval') ?? 10,
        dryRun: r.boolean('dry-run'),
      }
    },
    load: () => import('./commands/can-i-deploy/index.js'),
  }),
  defineCommand<MatrixOptions>({
    name: 'matrix',
    summary: 'Show the raw matrix of consumer and provider versions and their verification results',
    usage: 'concord matrix --pacticipant NAME [--version V | --latest [TAG] | --branch B | --main-branch] [...]',
    examples: ['concord matrix --pacticipant web --pacticipant users', 'concord matrix -a web -e 1.2.0 --to-environment production'],
    flags: [
      ...SELECTOR_FLAGS,
      { name: 'to-environment', type: 'string', valueName: 'ENV', description: 'Only provider/consumer versions in this environment' },
      {
        name: 'latestby',
        type: 'string',
        valueName: 'cvp|cvpv|cp',
        description: 'Keep only the latest row per consumer version+provider (cvp), +provider version (cvpv) or consumer+provider (cp)',
      },
      { name: 'limit', type: 'number', valueName: 'N', description: 'At most N rows (broker default 100)' },
    ],
    broker: true,
    options(args) {
      const r = reader(args)
      // unlike can-i-deploy, the matrix allows a bare --pacticipant ("any version")
      const selectors = matrixSelectors(args)
      if (!selectors.length) throw new UsageError('Name at least one application: --pacticipant NAME')
      const latestby = r.string('latestby')
      if (latestby !== undefined && !['cvp', 'cvpv', 'cp'].includes(latestby)) throw new UsageError(`--latestby must be cvp, cvpv or cp, not '${latestby}'`)
      return { selectors, toEnvironment: r.string('to-environment'), latestby: latestby as MatrixOptions['latestby'], limit: r.number('limit') }
    },
    load: () => import('./commands/matrix/index.js'),
  }),
  defineCommand<DeploymentOptions>({
    name: 'record-deployment',
    summary: 'Record that a version is now deployed to an environment (replacing the previous one)',
    usage: 'concord record-deployment --pacticipant NAME --version V --environment ENV [--application-instance I]',
    examples: ['concord record-deployment --pacticipant users --version 2.0.0 --environment production'],
    flags: [
      { name: 'pacticipant', short: 'a', type: 'string', valueName: 'NAME', description: 'The application deployed' },
      { name: 'version', short: 'e', type: 'string', valueName: 'VERSION', description: 'The version deployed' },
      { name: 'environment', type: 'string', valueName: 'ENV', description: 'The environment name' },
      { name: 'application-instance', type: 'string', valueName: 'I', description: 'For several instances of one application in one environment' },
    ],
    broker: true,
    options(args) {
      const r = reader(args)
      return {
        pacticipant: r.required('pacticipant'),
        version: r.required('version'),
        environment: r.required('environment'),
        applicationInstance: r.string('application-instance'),
      }
    },
    load: () => import('./commands/record/index.js').then((m) => ({ run: m.recordDeployment })),
  }),
  defineCommand<UndeploymentOptions>({
    name: 'record-undeployment',
    summary: 'Record that an application is no longer deployed to an environment',
    usage: 'concord record-undeployment --pacticipant NAME --environment ENV [--application-instance I]',
    examples: ['concord record-undeployment --pacticipant users --environment test'],
    flags: [
      { name: 'pacticipant', short: 'a', type: 'string', valueName: 'NAME', description: 'The application undeployed' },
      { name: 'environment', type: 'string', valueName: 'ENV', description: 'The environment name' },
      { name: 'application-instance', type: 'string', valueName: 'I', description: 'Only this instance' },
    ],
    broker: true,
    options(args) {
      const r = reader(args)
      return { pacticipant: r.required('pacticipant'), environment: r.required('environment'), applicationInstance: r.string('application-instance') }
    },
    load: () => import('./commands/record/index.js').then((m) => ({ run: m.recordUndeployment })),
  }),
  defineCommand<ReleaseOptions>({
    name: 'record-release',
    summary: 'Record that a version is released to an environment (alongside other supported versions)',
    usage: 'concord record-release --pacticipant NAME --version V --environment ENV',
    examples: ['concord record-release --pacticipant mobile --version 3.1.0 --environment app-store'],
    flags: [
      { name: 'pacticipant', short: 'a', type: 'string', valueName: 'NAME', description: 'The application released' },
      { name: 'version', short: 'e', type: 'string', valueName: 'VERSION', description: 'The version released' },
      { name: 'environment', type: 'string', valueName: 'ENV', description: 'The environment name' },
    ],
    broker: true,
    options(args) {
      const r = reader(args)
      return { pacticipant: r.required('pacticipant'), version: r.required('version'), environment: r.required('environment') }
    },
    load: () => import('./commands/record/index.js').then((m) => ({ run: m.recordRelease })),
  }),
  defineCommand<ReleaseOptions>({
    name: 'record-support-ended',
    summary: 'Record that a released version is no longer supported in an environment',
    usage: 'concord record-support-ended --pacticipant NAME --version V --environment ENV',
    examples: ['concord record-support-ended --pacticipant mobile --version 2.0.0 --environment app-store'],
    flags: [
      { name: 'pacticipant', short: 'a', type: 'string', valueName: 'NAME', description: 'The application' },
      { name: 'version', short: 'e', type: 'string', valueName: 'VERSION', description: 'The released version' },
      { name: 'environment', type: 'string', valueName: 'ENV', description: 'The environment name' },
    ],
    broker: true,
    options(args) {
      const r = reader(args)
      return { pacticipant: r.required('pacticipant'), version: r.required('version'), environment: r.required('environment') }
    },
    load: () => import('./commands/record/index.js').then((m) => ({ run: m.recordSupportEnded })),
  }),
  defineCommand<EnvironmentCreateOptions>({
    name: 'environment create',
    summary: 'Create an environment',
    usage: 'concord environment create --name NAME [--display-name TEXT] [--production] [--contact-name N --contact-email-address E]',
    examples: ['concord environment create --name production --display-name Production --production'],
    flags: [
      { name: 'name', type: 'string', valueName: 'NAME', description: 'Name used by commands (no spaces)' },
      { name: 'display-name', type: 'string', valueName: 'TEXT', description: 'Readable name' },
      { name: 'production', type: 'boolean', description: 'Mark it as a production environment' },
      { name: 'contact-name', type: 'string', valueName: 'NAME', description: 'Team or person responsible' },
      { name: 'contact-email-address', type: 'string', valueName: 'EMAIL', description: "The contact's email" },
    ],
    broker: true,
    options(args) {
      const r = reader(args)
      if (r.string('contact-email-address') && !r.string('contact-name')) throw new UsageError('--contact-email-address needs --contact-name')
      return {
        name: r.required('name'),
        displayName: r.string('display-name'),
        production: r.boolean('production'),
        contactName: r.string('contact-name'),
        contactEmail: r.string('contact-email-address'),
      }
    },
    load: () => import('./commands/environment/index.js').then((m) => ({ run: m.create })),
  }),
  defineCommand<Record<string, never>>({
    name: 'environment list',
    summary: 'List environments',
    usage: 'concord environment list',
    examples: ['concord environment list --output json'],
    flags: [],
    broker: true,
    options: () => ({}),
    load: () => import('./commands/environment/index.js').then((m) => ({ run: m.list })),
  }),
  defineCommand<EnvironmentRefOptions>({
    name: 'environment show',
    summary: 'Show one environment',
    usage: 'concord environment show (--name NAME | --uuid UUID)',
    examples: ['concord environment show --name production'],
    flags: [
      { name: 'name', type: 'string', valueName: 'NAME', description: 'The environment name' },
      { name: 'uuid', type: 'string', valueName: 'UUID', description: 'The environment uuid' },
    ],
    broker: true,
    options: environmentRef,
    load: () => import('./commands/environment/index.js').then((m) => ({ run: m.show })),
  }),
  defineCommand<EnvironmentRefOptions>({
    name: 'environment delete',
    summary: 'Delete an environment',
    usage: 'concord environment delete (--name NAME | --uuid UUID)',
    examples: ['concord environment delete --name test'],
    flags: [
      { name: 'name', type: 'string', valueName: 'NAME', description: 'The environment name' },
      { name: 'uuid', type: 'string', valueName: 'UUID', description: 'The environment uuid' },
    ],
    broker: true,
    options: environmentRef,
    load: () => import('./commands/environment/index.js').then((m) => ({ run: m.remove })),
  }),
  defineCommand<PacticipantCreateOptions>({
    name: 'pacticipant create',
    summary: 'Create an application (or update it if it exists)',
    usage: 'concord pacticipant create --name NAME [--display-name TEXT] [--main-branch BRANCH] [--repository-url URL]',
    examples: ['concord pacticipant create --name web --main-branch main --repository-url https://github.com/acme/web'],
    flags: [
      { name: 'name', type: 'string', valueName: 'NAME', description: 'The application name' },
      { name: 'display-name', type: 'string', valueName: 'TEXT', description: 'Readable name' },
      { name: 'main-branch', type: 'string', valueName: 'BRANCH', description: 'Its main branch (e.g. main)' },
      { name: 'repository-url', type: 'string', valueName: 'URL', description: 'Its source repository' },
    ],
    broker: true,
    options(args) {
      const r = reader(args)
      return { name: r.required('name'), displayName: r.string('display-name'), mainBranch: r.string('main-branch'), repositoryUrl: r.string('repository-url') }
    },
    load: () => import('./commands/pacticipant/index.js').then((m) => ({ run: m.create })),
  }),
  defineCommand<{ name: string }>({
    name: 'pacticipant show',
    summary: 'Show one application',
    usage: 'concord pacticipant show --name NAME',
    examples: ['concord pacticipant show --name web'],
    flags: [{ name: 'name', type: 'string', valueName: 'NAME', description: 'The application name' }],
    broker: true,
    options: (args) => ({ name: reader(args).required('name') }),
    load: () => import('./commands/pacticipant/index.js').then((m) => ({ run: m.show })),
  }),
  defineCommand<Record<string, never>>({
    name: 'pacticipant list',
    summary: 'List applications',
    usage: 'concord pacticipant list',
    examples: ['concord pacticipant list'],
    flags: [],
    broker: true,
    options: () => ({}),
    load: () => import('./commands/pacticipant/index.js').then((m) => ({ run: m.list })),
  }),
  defineCommand<VersionTagOptions>({
    name: 'version tag',
    summary: 'Tag an application version',
    usage: 'concord version tag --pacticipant NAME --version V --tag TAG [--tag TAG...] [--auto-create-version]',
    examples: ['concord version tag --pacticipant web --version 1.2.0 --tag prod'],
    flags: [
      { name: 'pacticipant', short: 'a', type: 'string', valueName: 'NAME', description: 'The application' },
      { name: 'version', short: 'e', type: 'string', valueName: 'VERSION', description: 'The version to tag' },
      { name: 'tag', short: 't', type: 'string', multiple: true, valueName: 'TAG', description: 'Tag to add (repeat for several)' },
      { name: 'auto-create-version', type: 'boolean', description: 'Create the version if the broker does not have it' },
    ],
    broker: true,
    options(args) {
      const r = reader(args)
      const tags = r.list('tag')
      if (!tags.length) throw new UsageError('--tag is required: the tag to add (repeat for several)')
      return { pacticipant: r.required('pacticipant'), version: r.required('version'), tags, autoCreateVersion: r.boolean('auto-create-version') }
    },
    load: () => import('./commands/version/index.js').then((m) => ({ run: m.tag })),
  }),
  // Deprecation timelines (issue 6): options in commands/deprecat*/options.ts, commands loaded lazily.
  defineCommand<DeprecateOptions>({
    name: 'deprecate',
    summary: "Declare (or withdraw) a provider's deprecation of an operation, a field or a message",
    usage:
      'concord deprecate --provider NAME (--operation "METHOD /path" [--field POINTER] | --message DESC) --deprecated-in V --sunset YYYY-MM-DD [--removed-in V]',
    description: [
      'Tells the broker what a provider is retiring and when. The broker works out which consumers use it from their',
      'pacts, warns them when they publish, and refuses to deploy a provider version at or above --removed-in while a',
      'consumer deployed in that environment still uses it. --withdraw UUID takes a deprecation back (history is kept).',
    ],
    examples: [
      'concord deprecate --provider user-api --operation "GET /users/{id}" --deprecated-in 2.0.0 --sunset 2027-06-30 --removed-in 3.0.0',
      'concord deprecate --provider user-api --operation "GET /users/{id}" --field /address/street --deprecated-in 2.0.0 --sunset 2027-03-31',
    ],
    flags: DEPRECATE_FLAGS,
    broker: true,
    options: (args, env) => ({ ...deprecateOptions(args, env), connection: brokerConnection(args, env) }),
    load: () => import('./commands/deprecate/index.js'),
  }),
  defineCommand<DeprecationsOptions>({
    name: 'deprecations',
    summary: "A provider's deprecation timeline, or what a consumer uses that is going away",
    usage: 'concord deprecations (--provider NAME | --consumer NAME)',
    examples: ['concord deprecations --provider user-api', 'concord deprecations --consumer web'],
    flags: DEPRECATIONS_FLAGS,
    broker: true,
    options: (args, env) => ({ ...deprecationsOptions(args, env), connection: brokerConnection(args, env) }),
    load: () => import('./commands/deprecations/index.js'),
  }),
  defineCommand<ProposalsOptions>({
    name: 'deprecations proposals',
    summary: "What a provider's own Deprecation/Sunset headers and OpenAPI description propose deprecating",
    usage: 'concord deprecations proposals --provider NAME [--status open|accepted|dismissed|all]',
    description: [
      'Lists the deprecation proposals of a provider: items its responses marked with Deprecation / Sunset headers while',
      'its pacts were verified (verifyProvider reports them), or that its published OpenAPI description marks',
      '`deprecated: true`. Open ones show the consumers that would be affected. Accept one to declare it, or dismiss it.',
    ],
    examples: ['concord deprecations proposals --provider users', 'concord deprecations proposals --provider users --status all --output json'],
    flags: PROPOSALS_FLAGS,
    broker: true,
    options: (args, env) => ({ ...proposalsOptions(args), connection: brokerConnection(args, env) }),
    load: () => import('./commands/deprecation-proposals/index.js').then((m) => ({ run: m.list })),
  }),
  defineCommand<DecideOptions>({
    name: 'deprecations accept',
    summary: 'Accept a deprecation proposal: declare the deprecation it names',
    usage: 'concord deprecations accept UUID [--deprecated-in V] [--sunset YYYY-MM-DD] [--removed-in V] [--replacement TEXT]',
    description: [
      "Declares the proposal's item deprecated, checked like `concord deprecate`: --deprecated-in defaults to the earliest",
      'semantic version that reported it and --sunset to the date from the Sunset header or x-sunset; one of them missing',
      'is an error that changes nothing.',
    ],
    examples: ['concord deprecations accept 6f1c1e0e-1d7b-4c55-9a64-2b5d0c1e9f10 --removed-in 3.0.0 --replacement "GET /v2/users/{id}"'],
    positionals: '<uuid>',
    flags: ACCEPT_FLAGS,
    broker: true,
    options: (args, env) => ({ ...acceptOptions(args, env), connection: brokerConnection(args, env) }),
    load: () => import('./commands/deprecation-proposals/index.js').then((m) => ({ run: m.accept })),
  }),
  defineCommand<DecideOptions>({
    name: 'deprecations dismiss',
    summary: 'Dismiss a deprecation proposal (later reports of the item stay dismissed)',
    usage: 'concord deprecations dismiss UUID [--reason TEXT]',
    examples: ['concord deprecations dismiss 6f1c1e0e-1d7b-4c55-9a64-2b5d0c1e9f10 --reason "sent by the gateway"'],
    positionals: '<uuid>',
    flags: DISMISS_FLAGS,
    broker: true,
    options: (args, env) => ({ ...dismissOptions(args, env), connection: brokerConnection(args, env) }),
    load: () => import('./commands/deprecation-proposals/index.js').then((m) => ({ run: m.dismiss })),
  }),
  // Schema-level compatibility (issue 7): API description diffs between provider versions, honest semver.
  defineCommand<DiffOptions>({
    name: 'diff',
    summary: "Compare two provider versions' API descriptions: each change, whether it breaks, and for whom",
    usage: 'concord diff --pacticipant NAME OLD_VERSION NEW_VERSION [--fail-on-breaking]',
    description: [
      'Asks the broker to compare the OpenAPI / JSON Schema descriptions published for two versions of a provider',
      '(PUT …/provider-contract or pactflow publish-provider-contract). Lists every change as breaking, minor or patch,',
      'names the consumers whose pacts use the changed parts, and the semver bump the change needs. Exit 0, or 1 with',
      '--fail-on-breaking when a change breaks a consumer.',
    ],
    examples: ['concord diff --pacticipant users 2.0.0 2.1.0', 'concord diff -a users 2.0.0 2.1.0 --fail-on-breaking --output json'],
    positionals: '<old-version> <new-version>',
    flags: [
      { name: 'pacticipant', short: 'a', type: 'string', valueName: 'NAME', description: 'The provider' },
      { name: 'fail-on-breaking', type: 'boolean', description: 'Exit 1 when a change breaks a consumer' },
    ],
    broker: true,
    options(args) {
      const r = reader(args)
      if (args.positionals.length !== 2) throw new UsageError('Name the two versions to compare: concord diff --pacticipant NAME OLD_VERSION NEW_VERSION')
      return {
        pacticipant: r.required('pacticipant', 'the provider whose versions to compare'),
        from: args.positionals[0]!,
        to: args.positionals[1]!,
        failOnBreaking: r.boolean('fail-on-breaking'),
      }
    },
    load: () => import('./commands/diff/index.js'),
  }),
  defineCommand<SemverCheckOptions>({
    name: 'semver-check',
    summary: "Fail when a provider version's number understates how its API description changed",
    usage: 'concord semver-check --pacticipant NAME --version V [--against V0 | --to-environment ENV | --branch B]',
    description: [
      "Compares the version's API description with a baseline: --against a version, the version deployed to",
      '--to-environment, or the latest earlier version on --branch (default: the main branch). Exit 1 when the version',
      'number understates the change ("2.1.0 … `email` was removed (used by web 1.4.0): needs 3.0.0"), 0 otherwise.',
    ],
    examples: ['concord semver-check --pacticipant users --version 2.1.0', 'concord semver-check -a users -e 2.1.0 --to-environment production'],
    flags: [
      { name: 'pacticipant', short: 'a', type: 'string', valueName: 'NAME', description: 'The provider' },
      { name: 'version', short: 'e', type: 'string', valueName: 'VERSION', description: 'The version to check' },
      { name: 'against', type: 'string', valueName: 'VERSION', description: 'Compare with this version' },
      { name: 'to-environment', type: 'string', valueName: 'ENV', description: 'Compare with the version deployed to ENV' },
      { name: 'branch', type: 'string', valueName: 'BRANCH', description: 'Compare with the latest earlier version on BRANCH (default: the main branch)' },
    ],
    broker: true,
    options(args) {
      const r = reader(args)
      const baselines = ['against', 'to-environment', 'branch'].filter((name) => r.string(name) !== undefined)
      if (baselines.length > 1) throw new UsageError('Give one of --against, --to-environment or --branch')
      return {
        pacticipant: r.required('pacticipant'),
        version: r.required('version'),
        against: r.string('against'),
        environment: r.string('to-environment'),
        branch: r.string('branch'),
      }
    },
    load: () => import('./commands/semver-check/index.js'),
  }),
  // Later issues add their entries here: `deprecate` / `deprecations` and `diff` / `semver-check`
  // (each `defineCommand({...load: () => import('./commands/<name>/index.js')})`).
]

/** Matrix selectors where a bare `--pacticipant` means "any version". */
function matrixSelectors(args: ParsedArgs): SelectorOption[] {
  const selectors: SelectorOption[] = []
  for (const { name, value } of args.ordered) {
    if (name === 'pacticipant') selectors.push({ pacticipant: String(value) })
    else if (['version', 'latest', 'branch', 'tag', 'main-branch'].includes(name)) {
      const s = selectors[selectors.length - 1]
      if (!s) throw new UsageError(`--${name} must follow the --pacticipant it belongs to`)
      if (name === 'version') s.version = String(value)
      else if (name === 'latest') s.latest = value === true ? true : String(value)
      else if (name === 'branch') s.branch = String(value)
      else if (name === 'tag') s.tag = String(value)
      else if (value === true) s.mainBranch = true
    }
  }
  for (const s of selectors)
    if (s.version !== undefined && s.latest !== undefined) throw new UsageError(`Give either --version or --latest for ${s.pacticipant}, not both`)
  return selectors
}

/** Group words that only exist as prefixes (`concord environment` → its subcommands). */
export function groups(): Map<string, CommandDefinition[]> {
  const map = new Map<string, CommandDefinition[]>()
  for (const c of COMMANDS) {
    const [first, second] = c.name.split(' ')
    if (second) map.set(first!, [...(map.get(first!) ?? []), c])
  }
  return map
}

export interface Invocation {
  command: CommandDefinition
  args: ParsedArgs
  output: 'table' | 'json'
  help: boolean
  verbose: boolean
  connection?: BrokerConnection
  options?: unknown
}

/** The command named by the leading words of argv (longest match), and the rest of argv. */
export function findCommand(argv: readonly string[]): { command: CommandDefinition; rest: string[] } {
  const words = argv.slice(0, 2)
  for (const length of [2, 1]) {
    const name = words.slice(0, length).join(' ')
    if (words.length < length || words.slice(0, length).some((w) => w.startsWith('-'))) continue
    const command = COMMANDS.find((c) => c.name === name)
    if (command) return { command, rest: argv.slice(length) }
  }
  const first = argv[0] ?? ''
  const group = groups().get(first)
  if (group) {
    const sub = argv[1]
    const hint =
      sub && !sub.startsWith('-')
        ? suggest(
            sub,
            group.map((c) => c.name.split(' ')[1]!),
          )
        : undefined
    throw new UsageError(
      `${sub && !sub.startsWith('-') ? `Unknown command 'concord ${first} ${sub}'${hint ? ` (did you mean 'concord ${first} ${hint}'?)` : ''}. ` : `'concord ${first}' needs a subcommand. `}Choose one of: ${group.map((c) => c.name).join(', ')}`,
    )
  }
  const hint = suggest(first, [...new Set(COMMANDS.map((c) => c.name.split(' ')[0]!))])
  throw new UsageError(`Unknown command '${first}'${hint ? ` (did you mean '${hint}'?)` : ''}. Run 'concord --help' for the list.`)
}

/**
 * argv (without `node concord`) → the command, its parsed flags and its options. Pure: tested in cli.test.ts.
 * @example parseInvocation(['can-i-deploy', '-a', 'web', '-e', '1', '--to-environment', 'prod'], {})
 */
export function parseInvocation(argv: readonly string[], environment: Env): Invocation {
  const { command, rest } = findCommand(argv)
  try {
    return invocationOf(command, rest, environment)
  } catch (error) {
    if (error instanceof UsageError && !error.command) throw new UsageError(error.message, command.name)
    throw error
  }
}

function invocationOf(command: CommandDefinition, rest: readonly string[], environment: Env): Invocation {
  const args = parseArgs(rest, [...command.flags, ...(command.broker ? BROKER_FLAGS : []), ...GLOBAL_FLAGS])
  const r = reader(args)
  const help = r.boolean('help')
  const invocation: Invocation = { command, args, output: outputOf(args), help, verbose: r.boolean('verbose') }
  if (help) return invocation
  if (!command.positionals && args.positionals.length)
    throw new UsageError(`'concord ${command.name}' takes no arguments, got '${args.positionals.join(' ')}'`, command.name)
  if (command.broker) invocation.connection = brokerConnection(args, environment)
  invocation.options = command.options(args, environment)
  return invocation
}

// ---------------------------------------------------------------------------------------------------------
// Help

function flagLine(f: FlagSpec): [string, string] {
  const names = `${f.short ? `-${f.short}, ` : '    '}--${f.name}${f.type === 'boolean' ? '' : f.optionalValue ? ` ${f.valueName ?? '[VALUE]'}` : ` ${f.valueName ?? 'VALUE'}`}`
  return [names, f.description + (f.multiple && f.type !== 'boolean' && !/repeat|preceding/.test(f.description) ? ' (repeatable)' : '')]
}

function columns(rows: [string, string][]): string[] {
  const width = Math.max(...rows.map(([a]) => a.length))
  return rows.map(([a, b]) => `  ${a.padEnd(width)}  ${b}`)
}

export function commandHelp(command: CommandDefinition): string {
  const lines = [`${command.summary}`, '', `Usage: ${command.usage}`]
  if (command.description?.length) lines.push('', ...command.description)
  if (command.flags.length) lines.push('', 'Options:', ...columns(command.flags.map(flagLine)))
  if (command.broker) lines.push('', 'Broker connection:', ...columns(BROKER_FLAGS.map(flagLine)))
  lines.push('', 'General:', ...columns(GLOBAL_FLAGS.map(flagLine)))
  lines.push('', command.examples.length > 1 ? 'Examples:' : 'Example:', ...command.examples.map((e) => `  ${e}`))
  return lines.join('\n')
}

export function mainHelp(): string {
  const rows = COMMANDS.map((c): [string, string] => [c.name, c.summary])
  return [
    'concord: contract testing with a Pact-compatible broker',
    '',
    'Usage: concord <command> [options]',
    '',
    'Commands:',
    ...columns(rows),
    '',
    "Run 'concord <command> --help' for a command's options and an example.",
    'Broker: --broker-url or CONCORD_BROKER_URL (PACT_BROKER_BASE_URL), token CONCORD_BROKER_TOKEN (PACT_BROKER_TOKEN).',
    'Exit codes: 0 ok, 1 can-i-deploy says no, 2 usage, configuration or broker error, 3 internal error.',
  ].join('\n')
}

export function groupHelp(group: string): string {
  // A group may share its name with a command of its own (`deprecations` and `deprecations proposals`).
  const own = COMMANDS.filter((c) => c.name === group)
  const subcommands = groups().get(group) ?? []
  const names = subcommands.map((c) => c.name.split(' ')[1]).join('|')
  return [
    `Usage: concord ${group} ${own.length ? `[${names}]` : `<${names}>`} [options]`,
    '',
    ...columns([...own, ...subcommands].map((c) => [c.name, c.summary])),
  ].join('\n')
}
