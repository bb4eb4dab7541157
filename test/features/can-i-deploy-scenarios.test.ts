/**
 * can-i-deploy, table-driven: each scenario states its setup (through the real HTTP API, via td), the query the
 * official CLI would send, and the expected decision and reason text. The Pact Broker's documented behaviour is
 * the reference; docs/can-i-deploy.md lists where Concord chooses differently (semver, semver ranges).
 *
 * Scenarios share one broker per database; each scopes its pacticipant names (`{Web}` → `Web-s7`) so they never
 * see each other's data.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DATABASES } from '../support/databases.js'
import { get } from '../support/http.js'
import { type TestData, td } from '../support/td.js'
import { startTestBroker, type TestBroker } from '../support/test-broker.js'

type Scope = (name: string) => string
type Step = (t: TestData, n: Scope) => TestData

interface Scenario {
  name: string
  setup: Step[]
  /** The query after `/matrix?` (or a full path starting with `/`); `{Name}` is replaced by the scoped name. */
  query: string
  deployable: boolean | null
  /** The whole `summary.reason`, lines joined with \n; `{Name}` placeholders are scoped. */
  reason: string
  counts?: { success?: number; failed?: number; unknown?: number; ignored?: number }
  rows?: number
}

// ---- steps (each maps to one td call, with scoped names) ----
const publish =
  (consumer: string, consumerVersion: string, provider: string, options: { content?: string; branch?: string; tags?: string[] } = {}): Step =>
  (t, n) =>
    t.publishPact({
      consumer: n(consumer),
      consumerVersion,
      provider: n(provider),
      ...(options.content ? { interactions: `interaction ${options.content}` } : {}),
      ...(options.branch ? { branch: options.branch } : {}),
      ...(options.tags ? { tags: options.tags } : {}),
    })
const verify =
  (provider: string, providerVersion: string, success: boolean, of?: [consumer: string, consumerVersion: string], options: { branch?: string } = {}): Step =>
  (t, n) =>
    t.verify({ provider: n(provider), providerVersion, success, ...(of ? { consumer: n(of[0]), consumerVersion: of[1] } : {}), ...options })
const deploy =
  (pacticipant: string, version: string, environment: string): Step =>
  (t, n) =>
    t.recordDeployment(n(pacticipant), version, environment)
const release =
  (pacticipant: string, version: string, environment: string): Step =>
  (t, n) =>
    t.recordRelease(n(pacticipant), version, environment)
const endSupport =
  (pacticipant: string, version: string, environment: string): Step =>
  (t, n) =>
    t.recordSupportEnded(n(pacticipant), version, environment)
const tag =
  (pacticipant: string, version: string, name: string): Step =>
  (t, n) =>
    t.tag(n(pacticipant), version, name)
const version =
  (pacticipant: string, number: string): Step =>
  (t, n) =>
    t.createVersion(n(pacticipant), number)
const onBranch =
  (pacticipant: string, branch: string, version: string): Step =>
  (t, n) =>
    t.branch(n(pacticipant), branch, version)

const toProd = (pacticipant: string, version: string) => `q[][pacticipant]={${pacticipant}}&q[][version]=${version}&latestby=cvpv&environment=production`
const ALL_OK = 'All required verification results are published and successful'
const NO_DEPS = 'There are no missing dependencies'
const WARN_ENV = 'WARN: It is recommended to specify the environment into which you are deploying. Without the environment, this result will not be reliable.'
const WARN_VERSION =
  'WARN: It is recommended to specify the version number (rather than the tag or branch) of the pacticipant you wish to deploy to avoid race conditions. Without a version number, this result will not be reliable.'

const SCENARIOS: Scenario[] = [
  // ---- a consumer going to production ----
  {
    name: 'consumer: the provider version in production verified the pact',
    setup: [publish('Web', '1.0.0', 'Users'), verify('Users', '2.0.0', true), deploy('Users', '2.0.0', 'production')],
    query: toProd('Web', '1.0.0'),
    deployable: true,
    reason: ALL_OK,
    counts: { success: 1, failed: 0, unknown: 0 },
  },
  {
    name: 'consumer: the verification by the provider version in production failed',
    setup: [publish('Web', '1.0.0', 'Users'), verify('Users', '2.0.0', false), deploy('Users', '2.0.0', 'production')],
    query: toProd('Web', '1.0.0'),
    deployable: false,
    reason: 'The verification for the pact between version 1.0.0 of {Web} and the version of {Users} currently in production (2.0.0) failed',
    counts: { success: 0, failed: 1, unknown: 0 },
  },
  {
    name: 'consumer: the provider in production never verified the pact',
    setup: [publish('Web', '1.0.0', 'Users'), version('Users', '2.0.0'), deploy('Users', '2.0.0', 'production')],
    query: toProd('Web', '1.0.0'),
    deployable: null,
    reason: 'There is no verified pact between version 1.0.0 of {Web} and the version of {Users} currently in production (2.0.0)',
    counts: { unknown: 1 },
  },
  {
    name: 'consumer: the provider is not deployed to production',
    setup: [publish('Web', '1.0.0', 'Users'), verify('Users', '2.0.0', true)],
    query: toProd('Web', '1.0.0'),
    deployable: null,
    reason:
      'There is no verified pact between version 1.0.0 of {Web} and a version of {Users} currently in production (no version is currently recorded as deployed/released in this environment)',
    counts: { unknown: 1 },
  },
  {
    name: 'consumer: a different provider version than the one in production verified it',
    setup: [publish('Web', '1.0.0', 'Users'), verify('Users', '2.1.0', true), version('Users', '2.0.0'), deploy('Users', '2.0.0', 'production')],
    query: toProd('Web', '1.0.0'),
    deployable: null,
    reason: 'There is no verified pact between version 1.0.0 of {Web} and the version of {Users} currently in production (2.0.0)',
  },
  {
    name: 'consumer: the version does not exist',
    setup: [publish('Web', '1.0.0', 'Users'), verify('Users', '2.0.0', true), deploy('Users', '2.0.0', 'production')],
    query: toProd('Web', '9.9.9'),
    deployable: false,
    reason: 'No pacts or verifications have been published for version 9.9.9 of {Web}',
  },
  {
    name: 'consumer: a version with no pacts has no dependencies',
    setup: [publish('Web', '1.0.0', 'Users'), version('Web', '1.1.0'), deploy('Web', '1.1.0', 'test')],
    query: toProd('Web', '1.1.0'),
    deployable: true,
    reason: NO_DEPS,
    rows: 0,
  },
  {
    name: 'consumer: identical pact content verified once counts for a later consumer version',
    setup: [publish('Web', '1.0.0', 'Users'), verify('Users', '2.0.0', true), publish('Web', '1.0.1', 'Users'), deploy('Users', '2.0.0', 'production')],
    query: toProd('Web', '1.0.1'),
    deployable: true,
    reason: ALL_OK,
  },
  {
    name: 'consumer: changed pact content needs its own verification',
    setup: [
      publish('Web', '1.0.0', 'Users'),
      verify('Users', '2.0.0', true),
      publish('Web', '1.1.0', 'Users', { content: 'B' }),
      deploy('Users', '2.0.0', 'production'),
    ],
    query: toProd('Web', '1.1.0'),
    deployable: null,
    reason: 'There is no verified pact between version 1.1.0 of {Web} and the version of {Users} currently in production (2.0.0)',
  },
  {
    name: 'consumer: the latest verification by the same provider version wins (failed, then fixed)',
    setup: [publish('Web', '1.0.0', 'Users'), verify('Users', '2.0.0', false), verify('Users', '2.0.0', true), deploy('Users', '2.0.0', 'production')],
    query: toProd('Web', '1.0.0'),
    deployable: true,
    reason: ALL_OK,
    rows: 1,
  },
  {
    name: 'consumer: two provider versions released to production, both verified',
    setup: [
      publish('Web', '1.0.0', 'Users'),
      verify('Users', '2.0.0', true),
      verify('Users', '2.1.0', true),
      release('Users', '2.0.0', 'production'),
      release('Users', '2.1.0', 'production'),
    ],
    query: toProd('Web', '1.0.0'),
    deployable: true,
    reason: ALL_OK,
    counts: { success: 2 },
  },
  {
    name: 'consumer: two provider versions released to production, the older one failed (cvpv checks each)',
    setup: [
      publish('Web', '1.0.0', 'Users'),
      verify('Users', '2.0.0', false),
      verify('Users', '2.1.0', true),
      release('Users', '2.0.0', 'production'),
      release('Users', '2.1.0', 'production'),
    ],
    query: toProd('Web', '1.0.0'),
    deployable: false,
    reason: 'The verification for the pact between version 1.0.0 of {Web} and one of the versions of {Users} currently in production (2.0.0) failed',
    counts: { success: 1, failed: 1 },
  },
  {
    name: 'consumer: the same, asked as the 0.6.x CLI does (latestby=cvp checks only the newest provider version)',
    setup: [
      publish('Web', '1.0.0', 'Users'),
      verify('Users', '2.0.0', false),
      verify('Users', '2.1.0', true),
      release('Users', '2.0.0', 'production'),
      release('Users', '2.1.0', 'production'),
    ],
    query: 'q[][pacticipant]={Web}&q[][version]=1.0.0&latestby=cvp&environment=production',
    deployable: true,
    reason: ALL_OK,
    rows: 1,
  },
  {
    name: 'consumer: a release whose support ended no longer counts',
    setup: [
      publish('Web', '1.0.0', 'Users'),
      verify('Users', '2.0.0', false),
      verify('Users', '2.1.0', true),
      release('Users', '2.0.0', 'production'),
      deploy('Users', '2.1.0', 'production'),
      endSupport('Users', '2.0.0', 'production'),
    ],
    query: toProd('Web', '1.0.0'),
    deployable: true,
    reason: ALL_OK,
    rows: 1,
  },
  {
    name: 'consumer: a newer deployment replaces the previous one',
    setup: [
      publish('Web', '1.0.0', 'Users'),
      verify('Users', '2.0.0', true),
      verify('Users', '2.1.0', false),
      deploy('Users', '2.0.0', 'production'),
      deploy('Users', '2.1.0', 'production'),
    ],
    query: toProd('Web', '1.0.0'),
    deployable: false,
    reason: 'The verification for the pact between version 1.0.0 of {Web} and the version of {Users} currently in production (2.1.0) failed',
  },
  {
    name: 'consumer: only the target environment counts',
    setup: [publish('Web', '1.0.0', 'Users'), verify('Users', '2.0.0', true), deploy('Users', '2.0.0', 'test')],
    query: 'q[][pacticipant]={Web}&q[][version]=1.0.0&latestby=cvpv&environment=test',
    deployable: true,
    reason: ALL_OK,
  },
  {
    name: 'consumer: two providers, both verified',
    setup: [
      publish('Web', '1.0.0', 'Users'),
      publish('Web', '1.0.0', 'Orders'),
      verify('Users', '2.0.0', true),
      verify('Orders', '5.0.0', true),
      deploy('Users', '2.0.0', 'production'),
      deploy('Orders', '5.0.0', 'production'),
    ],
    query: toProd('Web', '1.0.0'),
    deployable: true,
    reason: ALL_OK,
    counts: { success: 2, failed: 0, unknown: 0 },
  },
  {
    name: 'consumer: two providers, one failed',
    setup: [
      publish('Web', '1.0.0', 'Users'),
      publish('Web', '1.0.0', 'Orders'),
      verify('Users', '2.0.0', true),
      verify('Orders', '5.0.0', false),
      deploy('Users', '2.0.0', 'production'),
      deploy('Orders', '5.0.0', 'production'),
    ],
    query: toProd('Web', '1.0.0'),
    deployable: false,
    reason: 'The verification for the pact between version 1.0.0 of {Web} and the version of {Orders} currently in production (5.0.0) failed',
    counts: { success: 1, failed: 1, unknown: 0 },
  },
  {
    name: 'consumer: limit=1 does not truncate a can-i-deploy question (latestby given)',
    setup: [
      publish('Web', '1.0.0', 'Users'),
      publish('Web', '1.0.0', 'Orders'),
      verify('Users', '2.0.0', true),
      verify('Orders', '5.0.0', false),
      deploy('Users', '2.0.0', 'production'),
      deploy('Orders', '5.0.0', 'production'),
    ],
    query: `${toProd('Web', '1.0.0')}&limit=1`,
    deployable: false,
    reason: 'The verification for the pact between version 1.0.0 of {Web} and the version of {Orders} currently in production (5.0.0) failed',
    rows: 2,
  },
  {
    name: 'consumer: two providers, one failed and one missing from production (unknown beats no)',
    setup: [
      publish('Web', '1.0.0', 'Users'),
      publish('Web', '1.0.0', 'Orders'),
      verify('Users', '2.0.0', false),
      verify('Orders', '5.0.0', true),
      deploy('Users', '2.0.0', 'production'),
    ],
    query: toProd('Web', '1.0.0'),
    deployable: null,
    reason: [
      'The verification for the pact between version 1.0.0 of {Web} and the version of {Users} currently in production (2.0.0) failed',
      'There is no verified pact between version 1.0.0 of {Web} and a version of {Orders} currently in production (no version is currently recorded as deployed/released in this environment)',
    ].join('\n'),
    counts: { success: 0, failed: 1, unknown: 1 },
  },
  {
    name: 'consumer: ignoring the provider that is missing from production',
    setup: [publish('Web', '1.0.0', 'Users'), publish('Web', '1.0.0', 'Orders'), verify('Users', '2.0.0', true), deploy('Users', '2.0.0', 'production')],
    query: `${toProd('Web', '1.0.0')}&ignore[][pacticipant]={Orders}`,
    deployable: true,
    reason:
      '[IGNORED] There is no verified pact between version 1.0.0 of {Web} and a version of {Orders} currently in production (no version is currently recorded as deployed/released in this environment)',
    counts: { success: 1, unknown: 0, ignored: 1 },
  },
  {
    name: 'consumer: ignoring one failed provider version only',
    setup: [publish('Web', '1.0.0', 'Users'), verify('Users', '2.0.0', false), deploy('Users', '2.0.0', 'production')],
    query: `${toProd('Web', '1.0.0')}&ignore[][pacticipant]={Users}&ignore[][version]=2.0.0`,
    deployable: true,
    reason: '[IGNORED] The verification for the pact between version 1.0.0 of {Web} and the version of {Users} currently in production (2.0.0) failed',
    counts: { failed: 0, ignored: 1 },
  },
  {
    name: 'consumer: an ignore selector naming an unknown pacticipant is a warning',
    setup: [publish('Web', '1.0.0', 'Users'), verify('Users', '2.0.0', true), deploy('Users', '2.0.0', 'production')],
    query: `${toProd('Web', '1.0.0')}&ignore[][pacticipant]={Nope}`,
    deployable: true,
    reason: ['WARN: Cannot ignore any version of {Nope} (no such pacticipant exists)', ALL_OK].join('\n'),
  },
  // ---- a provider going to production ----
  {
    name: 'provider: no consumers in production',
    setup: [publish('Web', '1.0.0', 'Users'), verify('Users', '2.0.0', true)],
    query: toProd('Users', '2.0.0'),
    deployable: true,
    reason: NO_DEPS,
    rows: 0,
  },
  {
    name: 'provider: it verified the pact of the consumer version in production',
    setup: [publish('Web', '1.0.0', 'Users'), verify('Users', '2.0.0', true), deploy('Web', '1.0.0', 'production')],
    query: toProd('Users', '2.0.0'),
    deployable: true,
    reason: ALL_OK,
  },
  {
    name: 'provider: its verification of the consumer version in production failed',
    setup: [publish('Web', '1.0.0', 'Users'), verify('Users', '2.0.0', false), deploy('Web', '1.0.0', 'production')],
    query: toProd('Users', '2.0.0'),
    deployable: false,
    reason: 'The verification for the pact between the version of {Web} currently in production (1.0.0) and version 2.0.0 of {Users} failed',
  },
  {
    name: 'provider: a version the broker has never heard of',
    setup: [publish('Web', '1.0.0', 'Users'), verify('Users', '2.0.0', true), deploy('Web', '1.0.0', 'production'), deploy('Users', '2.0.0', 'production')],
    query: toProd('Users', '3.0.0'),
    deployable: false,
    reason: 'No pacts or verifications have been published for version 3.0.0 of {Users}',
  },
  {
    name: 'provider: a consumer version in production whose pact this provider version has not verified',
    setup: [
      publish('Web', '1.0.0', 'Users'),
      verify('Users', '2.0.0', true),
      publish('Web', '1.1.0', 'Users', { content: 'B' }),
      verify('Users', '3.0.0', true, ['Web', '1.0.0']),
      deploy('Web', '1.1.0', 'production'),
    ],
    query: toProd('Users', '3.0.0'),
    deployable: null,
    reason: 'There is no verified pact between the version of {Web} currently in production (1.1.0) and version 3.0.0 of {Users}',
  },
  {
    name: 'provider: a released (not deployed) consumer version counts too',
    setup: [publish('Mobile', '4.0.0', 'Users'), verify('Users', '2.0.0', false), release('Mobile', '4.0.0', 'production')],
    query: toProd('Users', '2.0.0'),
    deployable: false,
    reason: 'The verification for the pact between the version of {Mobile} currently in production (4.0.0) and version 2.0.0 of {Users} failed',
  },
  {
    name: 'provider: a deployed web consumer and a released mobile consumer, both verified',
    setup: [
      publish('Web', '1.0.0', 'Users'),
      publish('Mobile', '4.0.0', 'Users'),
      verify('Users', '2.0.0', true, ['Web', '1.0.0']),
      verify('Users', '2.0.0', true, ['Mobile', '4.0.0']),
      deploy('Web', '1.0.0', 'production'),
      release('Mobile', '4.0.0', 'production'),
    ],
    query: toProd('Users', '2.0.0'),
    deployable: true,
    reason: ALL_OK,
    counts: { success: 2 },
  },
  // ---- explicit selectors ----
  {
    name: 'two explicit versions, verified',
    setup: [publish('Web', '1.0.0', 'Users'), verify('Users', '2.0.0', true)],
    query: 'q[][pacticipant]={Web}&q[][version]=1.0.0&q[][pacticipant]={Users}&q[][version]=2.0.0&latestby=cvpv',
    deployable: true,
    reason: ALL_OK,
  },
  {
    name: 'two explicit versions, failed',
    setup: [publish('Web', '1.0.0', 'Users'), verify('Users', '2.0.0', false)],
    query: 'q[][pacticipant]={Web}&q[][version]=1.0.0&q[][pacticipant]={Users}&q[][version]=2.0.0&latestby=cvpv',
    deployable: false,
    reason: 'The verification for the pact between version 1.0.0 of {Web} and version 2.0.0 of {Users} failed',
  },
  {
    name: 'two explicit versions, the provider version never verified it',
    setup: [publish('Web', '1.0.0', 'Users'), verify('Users', '2.0.0', true), version('Users', '2.1.0')],
    query: 'q[][pacticipant]={Web}&q[][version]=1.0.0&q[][pacticipant]={Users}&q[][version]=2.1.0&latestby=cvpv',
    deployable: null,
    reason: 'There is no verified pact between version 1.0.0 of {Web} and version 2.1.0 of {Users}',
  },
  {
    name: 'two explicit versions, one does not exist',
    setup: [publish('Web', '1.0.0', 'Users'), verify('Users', '2.0.0', true)],
    query: 'q[][pacticipant]={Web}&q[][version]=1.0.0&q[][pacticipant]={Users}&q[][version]=5.0.0&latestby=cvpv',
    deployable: false,
    reason: 'No pacts or verifications have been published for version 5.0.0 of {Users}',
  },
  {
    name: '--latest without an environment: the latest of each side, with both warnings',
    setup: [publish('Web', '1.0.0', 'Users'), verify('Users', '2.0.0', true)],
    query: 'q[][pacticipant]={Web}&q[][latest]=true&latestby=cvp&latest=true',
    deployable: true,
    reason: [WARN_ENV, WARN_VERSION, ALL_OK].join('\n'),
  },
  {
    name: '--version without an environment checks against the latest provider version (warns)',
    setup: [publish('Web', '1.0.0', 'Users'), verify('Users', '2.0.0', true), verify('Users', '2.1.0', false)],
    query: 'q[][pacticipant]={Web}&q[][version]=1.0.0&latestby=cvp&latest=true',
    deployable: false,
    reason: [WARN_ENV, 'The verification for the pact between version 1.0.0 of {Web} and the latest version of {Users} (2.1.0) failed'].join('\n'),
  },
  {
    name: 'semver-aware latest: 1.10.0 is later than 1.9.0 even when 1.9.0 was published last',
    setup: [
      publish('Web', '1.10.0', 'Users'),
      verify('Users', '2.0.0', true),
      publish('Web', '1.9.0', 'Users', { content: 'old' }),
      deploy('Users', '2.0.0', 'production'),
    ],
    query: 'q[][pacticipant]={Web}&q[][latest]=true&latestby=cvpv&environment=production',
    deployable: true,
    reason: [WARN_VERSION, ALL_OK].join('\n'),
  },
  {
    name: 'semver range selector: the highest version matching ^2.0.0',
    setup: [
      publish('Web', '1.0.0', 'Users'),
      publish('Web', '2.0.0', 'Users'),
      publish('Web', '2.3.1', 'Users', { content: 'B' }),
      publish('Web', '3.0.0', 'Users', { content: 'C' }),
      verify('Users', '5.0.0', false),
      deploy('Users', '5.0.0', 'production'),
    ],
    query: 'q[][pacticipant]={Web}&q[][semver]=^2.0.0&latestby=cvpv&environment=production',
    deployable: null,
    reason: [
      WARN_VERSION,
      'There is no verified pact between the highest version of {Web} matching ^2.0.0 (2.3.1) and the version of {Users} currently in production (5.0.0)',
    ].join('\n'),
  },
  {
    name: 'semver range selector that matches nothing',
    setup: [publish('Web', '1.0.0', 'Users')],
    query: 'q[][pacticipant]={Web}&q[][semver]=^5.0.0&latestby=cvpv&environment=production',
    deployable: false,
    reason: [WARN_VERSION, 'No version of {Web} matches the semver range ^5.0.0'].join('\n'),
  },
  {
    name: 'to a tag (--to prod): the latest provider version with the tag',
    setup: [
      publish('Web', '1.0.0', 'Users'),
      verify('Users', '2.0.0', true),
      verify('Users', '2.1.0', false),
      tag('Users', '2.0.0', 'prod'),
      tag('Users', '2.1.0', 'dev'),
    ],
    query: 'q[][pacticipant]={Web}&q[][version]=1.0.0&tag=prod&latestby=cvp&latest=true',
    deployable: true,
    reason: ALL_OK,
  },
  {
    name: 'can-i-merge (mainBranch): the head of the provider main branch',
    setup: [
      publish('Web', '1.0.0', 'Users', { branch: 'feat-x' }),
      verify('Users', '2.0.0', false, undefined, { branch: 'main' }),
      verify('Users', '2.1.0', true, undefined, { branch: 'main' }),
    ],
    query: 'q[][pacticipant]={Web}&q[][version]=1.0.0&latestby=cvp&latest=true&mainBranch=true',
    deployable: true,
    reason: ALL_OK,
  },
  {
    name: 'explicit branch selector: the latest provider version on a branch',
    setup: [
      publish('Web', '1.0.0', 'Users'),
      verify('Users', '2.0.0', true),
      verify('Users', '2.1.0', false),
      onBranch('Users', 'release', '2.0.0'),
      onBranch('Users', 'develop', '2.1.0'),
    ],
    query: 'q[][pacticipant]={Web}&q[][version]=1.0.0&q[][pacticipant]={Users}&q[][branch]=release&q[][latest]=true&latestby=cvpv',
    deployable: true,
    reason: [WARN_VERSION, ALL_OK].join('\n'),
  },
  {
    name: 'GET /can-i-deploy with an environment',
    setup: [publish('Web', '1.0.0', 'Users'), verify('Users', '2.0.0', false), deploy('Users', '2.0.0', 'production')],
    query: '/can-i-deploy?pacticipant={Web}&version=1.0.0&environment=production',
    deployable: false,
    reason: 'The verification for the pact between version 1.0.0 of {Web} and the version of {Users} currently in production (2.0.0) failed',
  },
]

// Errors: 400 problem+json with a pointer per problem, in the Pact Broker's words.
const VALIDATION_CASES: { query: string; errors: { pointer: string; detail: string }[] }[] = [
  {
    query: '/matrix?q[][pacticipant]={Nope}&q[][version]=1&latestby=cvpv&environment=production',
    errors: [{ pointer: '#/query/q/0/pacticipant', detail: 'Pacticipant {Nope} not found' }],
  },
  {
    query: '/matrix?q[][pacticipant]={Web}&latestby=cvpv&environment=prod',
    errors: [{ pointer: '#/query/environment', detail: "Environment with name 'prod' does not exist" }],
  },
  {
    query: '/can-i-deploy?pacticipant={Nope}&version=1&environment=production',
    errors: [{ pointer: '#/query/pacticipant', detail: 'Pacticipant {Nope} not found' }],
  },
]

for (const database of DATABASES) {
  describe(`can-i-deploy scenarios (${database.name})`, () => {
    let broker: TestBroker
    beforeAll(async () => {
      broker = await startTestBroker(database)
    }, 120_000)
    afterAll(() => broker?.close())

    it('has at least 30 scenarios', () => expect(SCENARIOS.length).toBeGreaterThanOrEqual(30))

    VALIDATION_CASES.forEach((c, index) => {
      it(`400 for ${c.query}`, async () => {
        const expand = (text: string) => text.replace(/\{(\w+)\}/g, (_, name: string) => `${name}-v${index}`)
        await td(broker).publishPact({ consumer: expand('{Web}'), consumerVersion: '1', provider: expand('{Users}') })
        const res = await get(`${broker.url}${expand(c.query)}`)
        expect(res.status).toBe(400)
        expect(res.body.type).toBe(`${broker.url}/problems/validation-error`)
        expect(res.body.errors).toEqual(c.errors.map((e) => ({ pointer: e.pointer, detail: expand(e.detail) })))
      })
    })

    SCENARIOS.forEach((scenario, index) => {
      it(scenario.name, async () => {
        const n: Scope = (name) => `${name}-s${index}`
        const expand = (text: string) => text.replace(/\{(\w+)\}/g, (_, name: string) => n(name))
        let chain = td(broker)
        for (const step of scenario.setup) chain = step(chain, n)
        await chain

        const path = scenario.query.startsWith('/') ? expand(scenario.query) : `/matrix?${expand(scenario.query)}`
        const res = await get(`${broker.url}${path}`)
        expect(res.status, JSON.stringify(res.body)).toBe(200)
        expect(res.contentType).toMatch(/^application\/hal\+json/)
        expect(res.body.summary.reason).toBe(expand(scenario.reason))
        expect(res.body.summary.deployable).toBe(scenario.deployable)
        if (scenario.counts) expect(res.body.summary).toMatchObject(scenario.counts)
        if (scenario.rows !== undefined) expect(res.body.matrix).toHaveLength(scenario.rows)
        // One notice per reason line, as the CLI prints them.
        expect(res.body.notices.map((notice: { text: string }) => notice.text).join('\n')).toBe(expand(scenario.reason))
      })
    })
  })
}
