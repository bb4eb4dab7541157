/**
 * @module cli
 * The command table: every `concord` command's name, help text, flags, whether it talks to the broker, its pure
 * argv → options function (in `commands/<name>/options.ts`) and a lazy import of the code that runs it, so
 * `concord --help` loads nothing else (changesets' CLI keeps one table the same way). Parsing argv against this
 * table is in invocation.ts, help rendering in help.ts, the shared flags and broker connection in connection.ts.
 *
 * To add a command: write `cli/commands/<name>/options.ts` (flags, Options type, `xOptions(args, env)`) and
 * `cli/commands/<name>/index.ts` exporting `run(options, ctx)`, then add one `defineCommand` entry to COMMANDS.
 */
import type { FlagSpec, ParsedArgs } from './args.js'
import type { CommandModule, Env } from './context.js'
import {
  CLEAN_FLAGS,
  cleanOptions,
  EXPORT_FLAGS,
  exportOptions,
  IMPORT_FLAGS,
  importOptions,
  type ExportOptions,
  type ImportOptions,
  MIGRATE_FLAGS,
  migrateOptions,
  SERVE_FLAGS,
  serveOptions,
  type BrokerOptions,
  type CleanOptions,
} from './commands/broker/options.js'
import { CAN_I_DEPLOY_FLAGS, canIDeployOptions, type CanIDeployOptions } from './commands/can-i-deploy/options.js'
import { DEPRECATE_FLAGS, deprecateOptions, type DeprecateOptions } from './commands/deprecate/options.js'
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
import { DEPRECATIONS_FLAGS, deprecationsOptions, type DeprecationsOptions } from './commands/deprecations/options.js'
import { DIFF_FLAGS, diffOptions, type DiffOptions } from './commands/diff/options.js'
import * as environment from './commands/environment/options.js'
import { MATRIX_FLAGS, matrixOptions, type MatrixOptions } from './commands/matrix/options.js'
import * as pacticipant from './commands/pacticipant/options.js'
import { PLAN_FLAGS, planOptions, type PlanOptions } from './commands/plan/options.js'
import { PUBLISH_FLAGS, publishOptions, type PublishOptions } from './commands/publish/options.js'
import * as record from './commands/record/options.js'
import { SEMVER_CHECK_FLAGS, semverCheckOptions, type SemverCheckOptions } from './commands/semver-check/options.js'
import { TAG_FLAGS, tagOptions, type VersionTagOptions } from './commands/version/options.js'
import { AUDIT_FLAGS, auditOptions, type AuditOptions } from './commands/audit/options.js'
import * as token from './commands/token/options.js'
import * as webhooks from './commands/webhooks/options.js'

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

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each command has its own options type (checked by defineCommand); the table holds them all
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
    flags: SERVE_FLAGS,
    broker: false,
    options: serveOptions,
    load: () => import('./commands/broker/index.js').then((m) => ({ run: m.serve })),
  }),
  defineCommand<BrokerOptions>({
    name: 'broker migrate',
    summary: "Run the broker's database migrations and exit",
    usage: 'concord broker migrate [--database-url URL | --data-dir DIR]',
    examples: ['concord broker migrate --database-url postgres://postgres@localhost:5432/concord'],
    flags: MIGRATE_FLAGS,
    broker: false,
    options: migrateOptions,
    load: () => import('./commands/broker/index.js').then((m) => ({ run: m.migrate })),
  }),
  defineCommand<CleanOptions>({
    name: 'clean',
    summary: "Delete old data by the keep rules (the Pact Broker's clean)",
    usage: 'concord clean [--dry-run] [--limit N] [--max-age-days DAYS] [--database-url URL | --data-dir DIR]',
    description: [
      'Deletes the versions no keep rule protects, with their pacts, verification results, tags and branch entries:',
      "kept are versions younger than --max-age-days, the latest of each branch and tag, each pacticipant's latest,",
      'what is deployed or released, and the latest provider contract (docs/operations.md#retention). --dry-run',
      'prints what would go per table. One clean runs at a time across brokers (an advisory lock).',
    ],
    examples: ['concord clean --dry-run --database-url postgres://postgres@localhost:5432/concord', 'concord clean --limit 1000'],
    flags: CLEAN_FLAGS,
    broker: false,
    options: cleanOptions,
    load: () => import('./commands/broker/index.js').then((m) => ({ run: m.clean })),
  }),
  defineCommand<ExportOptions>({
    name: 'export',
    summary: 'Write the whole broker to an archive file (a backup, or a move between databases)',
    usage: 'concord export [FILE] [--database-url URL | --data-dir DIR]',
    description: [
      "Reads the broker's database directly (DATABASE_URL, or the embedded database under --data-dir) in one consistent",
      'snapshot and writes every table to FILE as gzip-compressed JSON lines (default: concord-<time>.jsonl.gz). The',
      'broker may keep running on PostgreSQL; stop it first on the embedded database (one process at a time). The',
      'format is in docs/operations.md#backups.',
    ],
    examples: [
      'concord export backup.jsonl.gz --data-dir ./.concord/data',
      'concord export nightly.jsonl.gz --database-url postgres://postgres@localhost:5432/concord',
    ],
    positionals: '[FILE]',
    flags: EXPORT_FLAGS,
    broker: false,
    options: exportOptions,
    load: () => import('./commands/broker/index.js').then((m) => ({ run: m.exportBroker })),
  }),
  defineCommand<ImportOptions>({
    name: 'import',
    summary: 'Import an archive from concord export, or copy a Pact Broker, into the database',
    usage: 'concord import (FILE | --from-pact-broker URL [--source-token T | --source-username U --source-password P]) [--database-url URL | --data-dir DIR]',
    description: [
      'Adds every row of the archive the database does not have yet, in one transaction (all or nothing), matching rows',
      'by what identifies them (a pacticipant by name, a version by pacticipant and number, a result by its uuid), so',
      'a second import adds nothing. Prints per table what was added, already there, or left out and why.',
      "--from-pact-broker reads a Pact Broker's history through its HAL API (pacticipants, versions in order with",
      'branches and tags, pacts, verification results, environments, deployments and releases) and imports it the same',
      'way. Every response read is kept in --progress FILE, so a run that stops resumes where it was. The credentials',
      "are the official clients' (PACT_BROKER_TOKEN, or PACT_BROKER_USERNAME and PACT_BROKER_PASSWORD).",
    ],
    examples: [
      'concord import backup.jsonl.gz --database-url postgres://postgres@localhost:5432/concord',
      'PACT_BROKER_TOKEN=… concord import --from-pact-broker https://pact-broker.example.com --database-url postgres://postgres@localhost:5432/concord',
    ],
    positionals: '[FILE]',
    flags: IMPORT_FLAGS,
    broker: false,
    options: importOptions,
    load: () => import('./commands/broker/index.js').then((m) => ({ run: m.importBroker })),
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
    flags: PUBLISH_FLAGS,
    broker: true,
    options: publishOptions,
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
    flags: CAN_I_DEPLOY_FLAGS,
    broker: true,
    options: canIDeployOptions,
    load: () => import('./commands/can-i-deploy/index.js'),
  }),
  defineCommand<PlanOptions>({
    name: 'plan',
    summary: 'Order several versions going to one environment into steps that each leave it deployable',
    usage: 'concord plan --to-environment ENV --pacticipant NAME --version V [--pacticipant NAME --version V ...]',
    description: [
      'Asks the broker for a release plan: the versions in deployment order, in steps after each of which every',
      'integration in the environment is verified (or compatible by schema) and no removed deprecated item is in use.',
      'Versions that must go together share a step, with the reasons; each step says whether rolling it back is safe.',
      'Exit 0 when a plan exists, 1 when none does (the reasons say why), 2 on bad input. See docs/release-trains.md.',
    ],
    examples: ['concord plan --to-environment production --pacticipant web --version 1.4.0 --pacticipant users --version 2.1.0 --output json'],
    flags: PLAN_FLAGS,
    broker: true,
    options: planOptions,
    load: () => import('./commands/plan/index.js'),
  }),
  defineCommand<MatrixOptions>({
    name: 'matrix',
    summary: 'Show the raw matrix of consumer and provider versions and their verification results',
    usage: 'concord matrix --pacticipant NAME [--version V | --latest [TAG] | --branch B | --main-branch] [...]',
    examples: ['concord matrix --pacticipant web --pacticipant users', 'concord matrix -a web -e 1.2.0 --to-environment production'],
    flags: MATRIX_FLAGS,
    broker: true,
    options: matrixOptions,
    load: () => import('./commands/matrix/index.js'),
  }),
  defineCommand<record.DeploymentOptions>({
    name: 'record-deployment',
    summary: 'Record that a version is now deployed to an environment (replacing the previous one)',
    usage: 'concord record-deployment --pacticipant NAME --version V --environment ENV [--application-instance I]',
    examples: ['concord record-deployment --pacticipant users --version 2.0.0 --environment production'],
    flags: record.DEPLOYMENT_FLAGS,
    broker: true,
    options: record.deploymentOptions,
    load: () => import('./commands/record/index.js').then((m) => ({ run: m.recordDeployment })),
  }),
  defineCommand<record.UndeploymentOptions>({
    name: 'record-undeployment',
    summary: 'Record that an application is no longer deployed to an environment',
    usage: 'concord record-undeployment --pacticipant NAME --environment ENV [--application-instance I]',
    examples: ['concord record-undeployment --pacticipant users --environment test'],
    flags: record.UNDEPLOYMENT_FLAGS,
    broker: true,
    options: record.undeploymentOptions,
    load: () => import('./commands/record/index.js').then((m) => ({ run: m.recordUndeployment })),
  }),
  defineCommand<record.ReleaseOptions>({
    name: 'record-release',
    summary: 'Record that a version is released to an environment (alongside other supported versions)',
    usage: 'concord record-release --pacticipant NAME --version V --environment ENV',
    examples: ['concord record-release --pacticipant mobile --version 3.1.0 --environment app-store'],
    flags: record.RELEASE_FLAGS,
    broker: true,
    options: record.releaseOptions,
    load: () => import('./commands/record/index.js').then((m) => ({ run: m.recordRelease })),
  }),
  defineCommand<record.ReleaseOptions>({
    name: 'record-support-ended',
    summary: 'Record that a released version is no longer supported in an environment',
    usage: 'concord record-support-ended --pacticipant NAME --version V --environment ENV',
    examples: ['concord record-support-ended --pacticipant mobile --version 2.0.0 --environment app-store'],
    flags: record.SUPPORT_ENDED_FLAGS,
    broker: true,
    options: record.releaseOptions,
    load: () => import('./commands/record/index.js').then((m) => ({ run: m.recordSupportEnded })),
  }),
  defineCommand<environment.EnvironmentCreateOptions>({
    name: 'environment create',
    summary: 'Create an environment',
    usage: 'concord environment create --name NAME [--display-name TEXT] [--production] [--contact-name N --contact-email-address E]',
    examples: ['concord environment create --name production --display-name Production --production'],
    flags: environment.CREATE_FLAGS,
    broker: true,
    options: environment.createOptions,
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
  defineCommand<environment.EnvironmentRefOptions>({
    name: 'environment show',
    summary: 'Show one environment',
    usage: 'concord environment show (--name NAME | --uuid UUID)',
    examples: ['concord environment show --name production'],
    flags: environment.REF_FLAGS,
    broker: true,
    options: environment.refOptions,
    load: () => import('./commands/environment/index.js').then((m) => ({ run: m.show })),
  }),
  defineCommand<environment.EnvironmentRefOptions>({
    name: 'environment delete',
    summary: 'Delete an environment',
    usage: 'concord environment delete (--name NAME | --uuid UUID)',
    examples: ['concord environment delete --name test'],
    flags: environment.REF_FLAGS,
    broker: true,
    options: environment.refOptions,
    load: () => import('./commands/environment/index.js').then((m) => ({ run: m.remove })),
  }),
  defineCommand<pacticipant.PacticipantCreateOptions>({
    name: 'pacticipant create',
    summary: 'Create an application (or update it if it exists)',
    usage: 'concord pacticipant create --name NAME [--display-name TEXT] [--main-branch BRANCH] [--repository-url URL]',
    examples: ['concord pacticipant create --name web --main-branch main --repository-url https://github.com/acme/web'],
    flags: pacticipant.CREATE_FLAGS,
    broker: true,
    options: pacticipant.createOptions,
    load: () => import('./commands/pacticipant/index.js').then((m) => ({ run: m.create })),
  }),
  defineCommand<{ name: string }>({
    name: 'pacticipant show',
    summary: 'Show one application',
    usage: 'concord pacticipant show --name NAME',
    examples: ['concord pacticipant show --name web'],
    flags: pacticipant.SHOW_FLAGS,
    broker: true,
    options: pacticipant.showOptions,
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
    flags: TAG_FLAGS,
    broker: true,
    options: tagOptions,
    load: () => import('./commands/version/index.js').then((m) => ({ run: m.tag })),
  }),
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
    options: deprecateOptions,
    load: () => import('./commands/deprecate/index.js'),
  }),
  defineCommand<DeprecationsOptions>({
    name: 'deprecations',
    summary: "A provider's deprecation timeline, or what a consumer uses that is going away",
    usage: 'concord deprecations (--provider NAME | --consumer NAME)',
    examples: ['concord deprecations --provider user-api', 'concord deprecations --consumer web'],
    flags: DEPRECATIONS_FLAGS,
    broker: true,
    options: deprecationsOptions,
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
    options: proposalsOptions,
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
    options: acceptOptions,
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
    options: dismissOptions,
    load: () => import('./commands/deprecation-proposals/index.js').then((m) => ({ run: m.dismiss })),
  }),
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
    flags: DIFF_FLAGS,
    broker: true,
    options: diffOptions,
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
    flags: SEMVER_CHECK_FLAGS,
    broker: true,
    options: semverCheckOptions,
    load: () => import('./commands/semver-check/index.js'),
  }),
  defineCommand<token.TokenCreateOptions>({
    name: 'token create',
    summary: 'Create a bearer token (admin): for CI, a person, or a tool',
    usage: 'concord token create --name NAME --role read|write|admin [--pacticipant NAME...] [--expires-at DATE]',
    description: [
      'Prints the secret once; the broker keeps only a hash. Give it to the job as PACT_BROKER_TOKEN. A write token',
      'with --pacticipant may only write for those pacticipants (a provider CI token cannot publish results for another',
      'provider). Needs an admin credential (CONCORD_ADMIN_TOKEN to begin with; docs/security.md).',
    ],
    examples: [
      'concord token create --name users-ci --role write --pacticipant users',
      'concord token create --name developers --role read --expires-at 2027-06-30',
    ],
    flags: token.CREATE_FLAGS,
    broker: true,
    options: token.createOptions,
    load: () => import('./commands/token/index.js').then((m) => ({ run: m.create })),
  }),
  defineCommand<token.TokenListOptions>({
    name: 'token list',
    summary: 'List bearer tokens with their role, scope and last use (admin)',
    usage: 'concord token list [--include-revoked]',
    examples: ['concord token list', 'concord token list --include-revoked --output json'],
    flags: token.LIST_FLAGS,
    broker: true,
    options: token.listOptions,
    load: () => import('./commands/token/index.js').then((m) => ({ run: m.list })),
  }),
  defineCommand<token.TokenRevokeOptions>({
    name: 'token revoke',
    summary: 'Revoke a bearer token: it stops working with the next request (admin)',
    usage: 'concord token revoke UUID',
    examples: ['concord token revoke 3f0c9b1e-5d2a-4e8f-9a51-2b7c0d4e6f10'],
    positionals: '<uuid>',
    flags: [],
    broker: true,
    options: token.revokeOptions,
    load: () => import('./commands/token/index.js').then((m) => ({ run: m.revoke })),
  }),
  defineCommand<AuditOptions>({
    name: 'audit',
    summary: "Print or export the broker's audit trail: who changed what, when, from where (admin)",
    usage: 'concord audit [--since DATE] [--until DATE] [--actor NAME] [--pacticipant NAME] [--type TYPE] [--outcome O] [--limit N] [--jsonl]',
    description: [
      'Follows the pages of GET /audit. --jsonl prints one event per line as JSON (export: --limit 0 --jsonl > trail.jsonl);',
      '--output json prints {"events": [...]}.',
    ],
    examples: [
      'concord audit --actor users-ci --since 2026-12-01',
      'concord audit --limit 0 --jsonl > audit.jsonl',
      'concord audit --outcome refused --newest-first',
    ],
    flags: AUDIT_FLAGS,
    broker: true,
    options: auditOptions,
    load: () => import('./commands/audit/index.js'),
  }),
  defineCommand<Record<string, never>>({
    name: 'webhooks list',
    summary: "List the broker's webhooks (secrets masked)",
    usage: 'concord webhooks list',
    examples: ['concord webhooks list', 'concord webhooks list --output json'],
    flags: [],
    broker: true,
    options: () => ({}),
    load: () => import('./commands/webhooks/index.js').then((m) => ({ run: m.list })),
  }),
  defineCommand<webhooks.WebhooksApplyOptions>({
    name: 'webhooks apply',
    summary: "Make the broker's webhooks match a YAML file: create, update and delete (admin)",
    usage: 'concord webhooks apply FILE [--dry-run] [--update-secrets]',
    description: [
      'Reads a `webhooks:` list (each entry a webhook body with a unique description, optionally a uuid) and creates,',
      'updates and deletes webhooks until the broker has exactly those. An entry is the broker webhook with its uuid, else',
      'the one with its description. --dry-run prints the difference and changes nothing. ${env:NAME} in the file is',
      'replaced from the environment (keep tokens out of the file). Secrets cannot be read back, so a changed secret alone',
      'is applied only with --update-secrets. Exit 0 when the broker matches the file, 2 on a bad file or a refusal.',
    ],
    examples: ['concord webhooks apply webhooks.yaml --dry-run', 'concord webhooks apply webhooks.yaml --output json'],
    positionals: '<file>',
    flags: webhooks.APPLY_FLAGS,
    broker: true,
    options: webhooks.applyOptions,
    load: () => import('./commands/webhooks/index.js').then((m) => ({ run: m.apply })),
  }),
  defineCommand<webhooks.WebhooksRetriggerOptions>({
    name: 'webhooks retrigger',
    summary: 'Fire contract_requiring_verification_published again for pacts still lacking a verification (admin)',
    usage: 'concord webhooks retrigger [--provider NAME] [--consumer NAME] [--dry-run]',
    description: [
      'For the latest pact of every integration (of --provider and/or --consumer) that a provider version still has to',
      "verify (the main branch's head, deployed and released versions), the broker delivers",
      'contract_requiring_verification_published again to the webhooks listening for it: for the provider build that',
      'failed before it published a result. --dry-run counts the deliveries and sends none.',
    ],
    examples: ['concord webhooks retrigger --provider users', 'concord webhooks retrigger --dry-run --output json'],
    flags: webhooks.RETRIGGER_FLAGS,
    broker: true,
    options: webhooks.retriggerOptions,
    load: () => import('./commands/webhooks/index.js').then((m) => ({ run: m.retrigger })),
  }),
]
