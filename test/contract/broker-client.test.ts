/**
 * Dogfood: the broker client (used by `concord` and the library) records what it expects of the broker as a
 * pact, with pact-js's mock server; then the pact is verified against the real broker with pact's Verifier.
 * This is the sync check between the client's and the broker's JSON shapes (there is no shared-types module).
 */
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { MatchersV3, PactV3, Verifier } from '@pact-foundation/pact'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createBrokerClient } from '../../lib/broker-client/index.js'
import { DATABASES } from '../support/databases.js'
import { startTestBroker, type TestBroker } from '../support/test-broker.js'

const { like, eachLike, boolean, regex } = MatchersV3

// the client accepts any JSON media type (the broker sends HAL)
const JSON_TYPE = { 'Content-Type': regex('application/(hal\\+)?json.*', 'application/hal+json;charset=utf-8') }

const ENV_UUID = '5f0c6a8e-8f52-4b8e-9d7e-0c1f2a3b4c5d'
const pactDir = mkdtempSync(path.join(tmpdir(), 'concord-contract-'))
const pactFile = path.join(pactDir, 'concord-broker-client-concord-broker.json')

const href = (p: string) => like(`http://127.0.0.1:9292${p}`)
const indexInteraction = {
  uponReceiving: 'a request for the index',
  withRequest: { method: 'GET', path: '/', headers: { Accept: 'application/hal+json, application/json, application/problem+json' } },
  willRespondWith: {
    status: 200,
    headers: JSON_TYPE,
    body: {
      _links: {
        'pb:publish-contracts': { href: href('/contracts/publish') },
        'pb:environments': { href: href('/environments') },
        'pb:pacticipant-version': { href: href('/pacticipants/{pacticipant}/versions/{version}') },
        'pb:matrix': { href: href('/matrix') },
        'concord:deprecations': { href: href('/pacticipants/{provider}/deprecations') },
        'concord:deprecation-timeline': { href: href('/pacticipants/{provider}/deprecations/timeline') },
        'concord:deprecations-in-use': { href: href('/pacticipants/{consumer}/deprecations/in-use') },
        'concord:deprecation-proposals': { href: href('/pacticipants/{provider}/deprecations/proposals') },
        'concord:provider-contracts-diff': { href: href('/provider-contracts/provider/{provider}/diff') },
      },
    },
  },
}

/** The client fetches the index before following a link; `checkDeprecations` (Concord's own path, not in the index) does not. */
function pact({ index = true } = {}): PactV3 {
  const recorder = new PactV3({ consumer: 'concord-broker-client', provider: 'concord-broker', dir: pactDir, logLevel: 'warn' })
  return index ? recorder.addInteraction(indexInteraction) : recorder
}

const PACT_CONTENT = {
  consumer: { name: 'web' },
  provider: { name: 'users' },
  interactions: [{ description: 'get a user', request: { method: 'GET', path: '/users/1' }, response: { status: 200 } }],
  metadata: { pactSpecification: { version: '3.0.0' } },
}

// users retires GET /users/{id}, which PACT_CONTENT uses; the sunset is far enough away to stay a warning
const GET_USER_DEPRECATION = { method: 'GET', path: '/users/{id}', deprecatedIn: '2.0.0', sunset: '2099-12-31', replacement: 'GET /v2/users/{id}' }
const PROPOSAL_UUID = '6f1c1e0e-1d7b-4c55-9a64-2b5d0c1e9f10'
// a message nothing else in this contract deprecates (verification keeps one broker across interactions)
const USER_DELETED_DEPRECATION = { kind: 'message' as const, description: 'a user was deleted', deprecatedIn: '2.0.0', sunset: '2099-12-31' }
const usersV1 = readFileSync(path.resolve(import.meta.dirname, '../fixtures/openapi/users-1.0.0.yaml'), 'utf8')
// 2.1.0 drops `email` from the user: a breaking change
const usersV2 = usersV1.replace('required: [name, email, status]', 'required: [name, status]').replace(/\n {12}email: \{ type: string, format: email \}/, '')
// what verifyProvider saw: users answered a DELETE with Deprecation and Sunset headers (31 Mar 2027 is a Wednesday)
const DELETE_USER_HEADERS = {
  method: 'DELETE',
  path: '/users/42',
  deprecation: '@1735689600',
  sunset: 'Wed, 31 Mar 2027 00:00:00 GMT',
  seenBy: [{ consumer: 'web', interaction: 'delete a user' }],
}

describe('broker client contract (consumer side)', () => {
  it('publishes contracts and reads the notices', async () => {
    await pact()
      .addInteraction({
        uponReceiving: 'a contract publication',
        withRequest: {
          method: 'POST',
          path: '/contracts/publish',
          headers: { 'Content-Type': 'application/json' },
          body: {
            pacticipantName: 'web',
            pacticipantVersionNumber: '1.0.0',
            branch: 'main',
            contracts: [
              {
                consumerName: 'web',
                providerName: 'users',
                specification: 'pact',
                contentType: 'application/json',
                content: like(Buffer.from(JSON.stringify(PACT_CONTENT)).toString('base64')),
              },
            ],
          },
        },
        willRespondWith: {
          status: 200,
          headers: JSON_TYPE,
          body: { notices: eachLike({ type: like('success'), text: like('Pact successfully published for web version 1.0.0 and provider users.') }) },
        },
      })
      .executeTest(async (server) => {
        const client = createBrokerClient({ baseUrl: server.url, retries: 0 })
        const result = await client.publishContracts({
          pacticipantName: 'web',
          pacticipantVersionNumber: '1.0.0',
          branch: 'main',
          contracts: [{ consumerName: 'web', providerName: 'users', content: PACT_CONTENT }],
        })
        expect(result.notices[0]).toEqual({ type: 'success', text: 'Pact successfully published for web version 1.0.0 and provider users.' })
      })
  })

  it('lists environments', async () => {
    await pact()
      .addInteraction({
        states: [{ description: 'an environment named production exists' }],
        uponReceiving: 'a request for the environments',
        withRequest: { method: 'GET', path: '/environments' },
        willRespondWith: {
          status: 200,
          headers: JSON_TYPE,
          body: {
            _embedded: {
              environments: eachLike({
                uuid: like(ENV_UUID),
                name: like('production'),
                displayName: like('Production'),
                production: boolean(true),
                _links: { self: { href: href(`/environments/${ENV_UUID}`) } },
              }),
            },
          },
        },
      })
      .executeTest(async (server) => {
        const envs = await createBrokerClient({ baseUrl: server.url, retries: 0 }).listEnvironments()
        expect(envs[0]).toMatchObject({ name: 'production', production: true })
      })
  })

  it('records a deployment by following the version resource', async () => {
    const state = [{ description: 'version 1.0.0 of web exists and an environment named contract-env exists' }]
    await pact()
      .addInteraction({
        states: state,
        uponReceiving: 'a request for a version',
        withRequest: { method: 'GET', path: '/pacticipants/web/versions/1.0.0' },
        willRespondWith: {
          status: 200,
          headers: JSON_TYPE,
          body: {
            number: '1.0.0',
            // one link per environment, named after it (the broker has several)
            _links: {
              'pb:record-deployment': eachLike({
                name: like('contract-env'),
                href: href(`/pacticipants/web/versions/1.0.0/deployed-versions/environment/${ENV_UUID}`),
              }),
            },
          },
        },
      })
      .addInteraction({
        states: state,
        uponReceiving: 'a request to record a deployment',
        withRequest: { method: 'POST', path: `/pacticipants/web/versions/1.0.0/deployed-versions/environment/${ENV_UUID}`, body: {} },
        willRespondWith: { status: 201, headers: JSON_TYPE, body: { uuid: like('9b75a1d2-0000-4000-8000-000000000000'), currentlyDeployed: true } },
      })
      .executeTest(async (server) => {
        const deployed = await createBrokerClient({ baseUrl: server.url, retries: 0 }).recordDeployment({
          pacticipant: 'web',
          version: '1.0.0',
          environment: 'contract-env',
        })
        expect(deployed.currentlyDeployed).toBe(true)
      })
  })

  it('asks the matrix whether a version can be deployed', async () => {
    await pact()
      .addInteraction({
        states: [{ description: 'web 1.0.0 has a pact with users that users 2.0.0 verified successfully' }],
        uponReceiving: 'a can-i-deploy query for one version',
        withRequest: { method: 'GET', path: '/matrix', query: { 'q[][pacticipant]': 'web', 'q[][version]': '1.0.0', latestby: 'cvp', latest: 'true' } },
        willRespondWith: {
          status: 200,
          headers: JSON_TYPE,
          body: {
            summary: {
              deployable: true,
              reason: like('All required verification results are published and successful'),
              success: like(1),
              failed: like(0),
              unknown: like(0),
            },
            matrix: eachLike({
              consumer: { name: 'web', version: { number: '1.0.0' } },
              provider: { name: 'users', version: { number: like('2.0.0') } },
              verificationResult: { success: true, _links: { self: { href: href('/verification-results/1') } } },
            }),
          },
        },
      })
      .executeTest(async (server) => {
        const answer = await createBrokerClient({ baseUrl: server.url, retries: 0 }).canIDeploy({ selectors: [{ pacticipant: 'web', version: '1.0.0' }] })
        expect(answer.summary.deployable).toBe(true)
        expect(answer.matrix[0]?.verificationResult?.success).toBe(true)
      })
  })

  // what lib/consumer sends after a passing interaction when given a broker URL (it reads only these fields)
  it('checks an unpublished pact against the deprecations', async () => {
    await pact({ index: false })
      .addInteraction({
        states: [{ description: 'users has deprecated GET /users/{id}' }],
        uponReceiving: 'a deprecation check of a pact that uses a deprecated operation',
        withRequest: { method: 'POST', path: '/deprecations/check', headers: { 'Content-Type': 'application/json' }, body: { pact: PACT_CONTENT } },
        willRespondWith: {
          status: 200,
          headers: JSON_TYPE,
          body: {
            usesDeprecatedItems: true,
            pastSunset: boolean(false),
            notices: eachLike({
              type: regex('warning|error', 'warning'),
              text: like(
                "Deprecated: web uses GET /users/{id} of users (interaction 'get a user'), deprecated in users 2.0.0; sunset on 2099-12-31 (in 26692 days). Use GET /v2/users/{id} instead.",
              ),
            }),
          },
        },
      })
      .executeTest(async (server) => {
        const result = await createBrokerClient({ baseUrl: server.url, retries: 0 }).checkDeprecations({ pact: PACT_CONTENT })
        expect(result.usesDeprecatedItems).toBe(true)
        expect(result.pastSunset).toBe(false)
        expect(result.notices[0]).toMatchObject({ type: 'warning', text: expect.stringContaining('GET /users/{id}') })
      })
  })

  // what lib/provider's verifyProvider sends after a verification in which the provider answered with the headers
  it('reports the Deprecation and Sunset headers a provider sent', async () => {
    await pact()
      .addInteraction({
        states: [{ description: 'users 2.0.0 exists and does not deprecate DELETE /users/{id}' }],
        uponReceiving: 'a report of the deprecation headers users sent',
        withRequest: {
          method: 'POST',
          path: '/pacticipants/users/deprecations/proposals',
          headers: { 'Content-Type': 'application/json' },
          body: { providerVersion: '2.0.0', deprecations: [DELETE_USER_HEADERS] },
        },
        willRespondWith: {
          status: 200,
          headers: JSON_TYPE,
          body: {
            results: eachLike({
              outcome: regex('created|updated|already-deprecated', 'created'),
              item: like('DELETE /users/{id}'),
              proposal: { uuid: like(PROPOSAL_UUID), status: regex('open|accepted|dismissed', 'open') },
            }),
          },
        },
      })
      .executeTest(async (server) => {
        const { results } = await createBrokerClient({ baseUrl: server.url, retries: 0 }).reportDeprecationHeaders('users', {
          providerVersion: '2.0.0',
          deprecations: [DELETE_USER_HEADERS],
        })
        expect(results[0]).toEqual({ outcome: 'created', item: 'DELETE /users/{id}', proposal: { uuid: PROPOSAL_UUID, status: 'open' } })
      })
  })
})

describe('broker client contract: what the concord commands call (consumer side)', () => {
  const deprecationBody = {
    uuid: like(PROPOSAL_UUID),
    provider: 'users',
    kind: 'message',
    item: like('message "a user was deleted"'),
    deprecatedIn: '2.0.0',
    sunset: '2099-12-31',
    phase: like('announced'),
    daysToSunset: like(26692),
    withdrawn: boolean(false),
  }

  it('declares a deprecation (concord deprecate)', async () => {
    await pact()
      .addInteraction({
        states: [{ description: 'users exists and does not deprecate the message a user was deleted' }],
        uponReceiving: 'a declaration of a deprecation',
        withRequest: {
          method: 'POST',
          path: '/pacticipants/users/deprecations',
          headers: { 'Content-Type': 'application/json', 'X-Concord-Actor': 'alice' },
          body: USER_DELETED_DEPRECATION,
        },
        willRespondWith: { status: 201, headers: JSON_TYPE, body: deprecationBody },
      })
      .executeTest(async (server) => {
        const declared = await createBrokerClient({ baseUrl: server.url, retries: 0 }).declareDeprecation('users', USER_DELETED_DEPRECATION, { actor: 'alice' })
        expect(declared).toMatchObject({ provider: 'users', kind: 'message', withdrawn: false })
      })
  })

  it("reads a provider's deprecation timeline and what a consumer uses (concord deprecations)", async () => {
    await pact()
      .addInteraction({
        states: [{ description: 'users has deprecated GET /users/{id}' }],
        uponReceiving: "a request for users' deprecation timeline",
        withRequest: { method: 'GET', path: '/pacticipants/users/deprecations/timeline' },
        willRespondWith: {
          status: 200,
          headers: JSON_TYPE,
          body: {
            provider: 'users',
            deprecations: eachLike({
              ...deprecationBody,
              kind: like('operation'),
              item: like('GET /users/{id}'),
              usage: { consumers: like(['web']) }, // a declaration nobody uses has no consumers
            }),
          },
        },
      })
      .addInteraction({
        states: [{ description: 'users has deprecated GET /users/{id}' }],
        uponReceiving: 'a request for the deprecated items web uses',
        withRequest: { method: 'GET', path: '/pacticipants/web/deprecations/in-use' },
        willRespondWith: {
          status: 200,
          headers: JSON_TYPE,
          body: {
            consumer: 'web',
            deprecations: eachLike({
              ...deprecationBody,
              kind: like('operation'),
              item: like('GET /users/{id}'),
              versions: eachLike({ version: like('1.0.0'), interactions: eachLike('get a user') }),
            }),
            notices: eachLike({ type: like('warning'), text: like('Deprecated: web uses GET /users/{id} of users') }),
          },
        },
      })
      .executeTest(async (server) => {
        const client = createBrokerClient({ baseUrl: server.url, retries: 0 })
        expect((await client.deprecationTimeline('users')).deprecations[0]).toMatchObject({ item: 'GET /users/{id}', usage: { consumers: ['web'] } })
        expect((await client.deprecationsInUse('web')).deprecations[0]?.versions[0]).toMatchObject({ version: '1.0.0', interactions: ['get a user'] })
      })
  })

  it("lists a provider's deprecation proposals (concord deprecations proposals)", async () => {
    await pact()
      .addInteraction({
        states: [{ description: 'users 2.0.0 reported Deprecation headers on DELETE /users/{id}' }],
        uponReceiving: "a request for users' deprecation proposals of every status",
        withRequest: { method: 'GET', path: '/pacticipants/users/deprecations/proposals', query: { status: 'all' } },
        willRespondWith: {
          status: 200,
          headers: JSON_TYPE,
          body: {
            provider: 'users',
            _embedded: {
              proposals: eachLike({
                uuid: like(PROPOSAL_UUID),
                provider: 'users',
                status: like('open'),
                item: like('DELETE /users/{id}'),
                sources: eachLike('headers'),
                providerVersions: eachLike('2.0.0'),
                reportCount: like(1),
              }),
            },
          },
        },
      })
      .executeTest(async (server) => {
        const { proposals } = await createBrokerClient({ baseUrl: server.url, retries: 0 }).listDeprecationProposals('users', { status: 'all' })
        expect(proposals[0]).toMatchObject({ provider: 'users', item: 'DELETE /users/{id}', sources: ['headers'] })
      })
  })

  it("compares two provider versions' API descriptions (concord diff)", async () => {
    await pact()
      .addInteraction({
        states: [{ description: 'users 2.0.0 and 2.1.0 have API descriptions, and 2.1.0 removes a response field' }],
        uponReceiving: 'a request for the diff of users 2.0.0 and 2.1.0',
        withRequest: { method: 'GET', path: '/provider-contracts/provider/users/diff', query: { from: '2.0.0', to: '2.1.0' } },
        willRespondWith: {
          status: 200,
          headers: JSON_TYPE,
          body: {
            provider: 'users',
            from: '2.0.0',
            to: '2.1.0',
            bump: 'major',
            breaking: boolean(true),
            changes: eachLike({
              kind: like('response-property-removed'),
              breaking: true,
              bump: 'major',
              message: like('GET /users/{id} 200: `email` was removed'),
            }),
          },
        },
      })
      .executeTest(async (server) => {
        const diff = await createBrokerClient({ baseUrl: server.url, retries: 0 }).providerContractsDiff('users', '2.0.0', '2.1.0')
        expect(diff).toMatchObject({ bump: 'major', changes: [{ breaking: true }] })
      })
  })
})

const pglite = DATABASES.find((d) => d.name === 'pglite')!

describe('broker client contract (verified against the broker on PGlite)', () => {
  let broker: TestBroker
  beforeAll(async () => {
    broker = await startTestBroker(pglite)
  })
  afterAll(async () => {
    await broker?.close()
  })

  it('the broker honours every interaction the client expects', { timeout: 180_000 }, async () => {
    const client = () => createBrokerClient({ baseUrl: broker.url })
    const output = await new Verifier({
      provider: 'concord-broker',
      providerBaseUrl: broker.url,
      pactUrls: [pactFile],
      logLevel: 'warn',
      stateHandlers: {
        'an environment named production exists': async () => undefined, // every broker starts with one
        'version 1.0.0 of web exists and an environment named contract-env exists': async () => {
          await client().tagVersion('web', '1.0.0', 'contract')
          // a fixed uuid, because the consumer's request path names it
          await broker.deps.db
            .insertInto('environments')
            .values({ uuid: ENV_UUID, name: 'contract-env', display_name: 'Contract env', production: false })
            .onConflict((oc) => oc.column('uuid').doNothing())
            .execute()
        },
        'web 1.0.0 has a pact with users that users 2.0.0 verified successfully': async () => {
          await client().publishContracts({
            pacticipantName: 'web',
            pacticipantVersionNumber: '1.0.0',
            contracts: [{ consumerName: 'web', providerName: 'users', content: PACT_CONTENT }],
          })
          await client().publishVerificationResult({
            pactUrl: `${broker.url}/pacts/provider/users/consumer/web/version/1.0.0`,
            success: true,
            providerApplicationVersion: '2.0.0',
          })
        },
        'users has deprecated GET /users/{id}': async () => {
          // users becomes known with web's pact; declared over HTTP as a provider team would (409: declared already)
          await client().publishContracts({
            pacticipantName: 'web',
            pacticipantVersionNumber: '1.0.0',
            contracts: [{ consumerName: 'web', providerName: 'users', content: PACT_CONTENT }],
          })
          const res = await fetch(`${broker.url}/pacticipants/users/deprecations`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(GET_USER_DEPRECATION),
          })
          if (res.status !== 201 && res.status !== 409) throw new Error(`declaring the deprecation answered ${res.status}: ${await res.text()}`)
        },
        'users exists and does not deprecate the message a user was deleted': async () => {
          await client().publishContracts({
            pacticipantName: 'web',
            pacticipantVersionNumber: '1.0.0',
            contracts: [{ consumerName: 'web', providerName: 'users', content: PACT_CONTENT }],
          })
        },
        'users 2.0.0 reported Deprecation headers on DELETE /users/{id}': async () => {
          await client().publishContracts({
            pacticipantName: 'web',
            pacticipantVersionNumber: '1.0.0',
            contracts: [{ consumerName: 'web', providerName: 'users', content: PACT_CONTENT }],
          })
          await client().tagVersion('users', '2.0.0', 'contract')
          await client().reportDeprecationHeaders('users', { providerVersion: '2.0.0', deprecations: [DELETE_USER_HEADERS] })
        },
        'users 2.0.0 and 2.1.0 have API descriptions, and 2.1.0 removes a response field': async () => {
          for (const [version, content] of [
            ['2.0.0', usersV1],
            ['2.1.0', usersV2],
          ] as const) {
            const res = await fetch(`${broker.url}/pacticipants/users/versions/${version}/provider-contract`, {
              method: 'PUT',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ content, branch: 'main' }),
            })
            if (res.status >= 300 && res.status !== 409)
              throw new Error(`publishing users ${version}'s description answered ${res.status}: ${await res.text()}`)
          }
        },
        'users 2.0.0 exists and does not deprecate DELETE /users/{id}': async () => {
          // web's pact makes users known (an unknown provider is a 400); nothing declares DELETE /users/{id}
          await client().publishContracts({
            pacticipantName: 'web',
            pacticipantVersionNumber: '1.0.0',
            contracts: [{ consumerName: 'web', providerName: 'users', content: PACT_CONTENT }],
          })
          await client().tagVersion('users', '2.0.0', 'contract')
        },
      },
    }).verifyProvider()
    expect(String(output)).not.toMatch(/fail/i)
  })
})
