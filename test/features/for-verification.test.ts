import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { decodePactMetadata } from '../../broker/contracts/pact-metadata.js'
import { DATABASES } from '../support/databases.js'
import { get, post, request } from '../support/http.js'
import { td } from '../support/td.js'
import { startTestBroker, type TestBroker } from '../support/test-broker.js'

/** Every item in the exact shape the Rust verifier deserialises (one bad item hides them all). */
function expectVerifierShape(body: any) {
  expect(Array.isArray(body._embedded.pacts)).toBe(true)
  for (const pact of body._embedded.pacts) {
    expect(typeof pact.shortDescription).toBe('string')
    expect(typeof pact._links.self.href).toBe('string')
    expect(typeof pact._links.self.name).toBe('string')
    expect(Array.isArray(pact.verificationProperties.notices)).toBe(true)
    for (const notice of pact.verificationProperties.notices) {
      for (const value of Object.values(notice)) expect(typeof value).toBe('string')
    }
    if ('pending' in pact.verificationProperties) expect(typeof pact.verificationProperties.pending).toBe('boolean')
  }
}

function metadataOf(href: string) {
  return decodePactMetadata(/\/metadata\/([^/]+)$/.exec(href)?.[1])
}

for (const database of DATABASES) {
  describe(`pacts for verification (${database.name})`, () => {
    let broker: TestBroker
    let url: string
    beforeAll(async () => {
      broker = await startTestBroker(database)
      url = `${broker.url}/pacts/provider/users/for-verification`
      await td(broker)
        .createPacticipant('web', { mainBranch: 'main' })
        .publishPact({ consumer: 'web', consumerVersion: '1.0.0', provider: 'users', branch: 'main', interactions: 'v1' })
        .publishPact({ consumer: 'web', consumerVersion: '1.1.0', provider: 'users', branch: 'main', interactions: 'v2' })
        .publishPact({ consumer: 'web', consumerVersion: '1.2.0', provider: 'users', branch: 'feat-x', interactions: 'v2' })
        .publishPact({ consumer: 'mobile', consumerVersion: '7', provider: 'users', tags: ['prod'], interactions: 'm1' })
        .publishPact({ consumer: 'mobile', consumerVersion: '8', provider: 'users', tags: ['dev'], interactions: 'm2' })
        .recordDeployment('web', '1.0.0', 'production')
        .recordRelease('mobile', '7', 'production')
        .publishPact({ consumer: 'mobile', consumerVersion: '9', provider: 'users', tags: ['dev'], interactions: 'm3' })
        .publishPact({ consumer: 'cli', consumerVersion: '1.4.0+3f2a9c1', provider: 'users', interactions: 'c1' })
        .publishPact({ consumer: 'cli', consumerVersion: '2.1.0', provider: 'users', interactions: 'c2' })
        .publishPact({ consumer: 'cli', consumerVersion: '2.3.0', provider: 'users', interactions: 'c3' })
        .publishPact({ consumer: 'cli', consumerVersion: '3.0.0', provider: 'users', interactions: 'c4' })
        // a consumer that marks its main line with a tag named like its main branch
        .publishPact({ consumer: 'legacy', consumerVersion: '1', provider: 'users', tags: ['master'], interactions: 'l1' })
        .publishPact({ consumer: 'legacy', consumerVersion: '2', provider: 'users', tags: ['dev'], interactions: 'l2' })
        .setMainBranch('legacy', 'master')
    })
    afterAll(() => broker?.close())

    it('GET answers 200 with _links.self and the default selections', async () => {
      const res = await get(url)
      expect(res.status).toBe(200)
      expect(res.contentType).toMatch(/^application\/hal\+json/)
      expect(res.body._links.self.href).toBe(url)
      expectVerifierShape(res.body)
      const descriptions = res.body._embedded.pacts.map((p: any) => [p._links.self.name, p.shortDescription])
      expect(descriptions).toEqual([
        ['Pact between cli (3.0.0) and users', 'latest'],
        ['Pact between legacy (1) and users', 'latest with tag master'],
        ['Pact between mobile (7) and users', 'released in production'],
        ['Pact between mobile (9) and users', 'latest'],
        ['Pact between web (1.0.0) and users', 'deployed to production'],
        ['Pact between web (1.1.0) and users', 'latest from main branch'],
      ])
    })

    it('GET for an unknown provider is 404', async () => {
      const res = await get(`${broker.url}/pacts/provider/nobody/for-verification`)
      expect(res.status).toBe(404)
      expect(res.body.detail).toContain("No pacticipant named 'nobody'")
    })

    it('merges selections of the same content and says why, in the Pact Broker words', async () => {
      const res = await post(url, {
        consumerVersionSelectors: [{ mainBranch: true }, { branch: 'feat-x' }, { deployedOrReleased: true }],
        includePendingStatus: false,
      })
      expect(res.status).toBe(200)
      expectVerifierShape(res.body)
      const pacts = res.body._embedded.pacts
      expect(pacts.map((p: any) => p.shortDescription)).toEqual([
        'released in production',
        'deployed to production',
        'latest from main branch, latest from branch feat-x',
      ])
      const merged = pacts[2]
      expect(merged._links.self.name).toBe('Pact between web (1.2.0) and users')
      expect(merged.verificationProperties).toEqual({
        notices: [
          {
            when: 'before_verification',
            text:
              `The pact at ${merged._links.self.href} is being verified because the pact content belongs to the consumer versions matching the following criteria:\n` +
              "    * latest version from the main branch 'main' (1.1.0)\n    * latest version from branch 'feat-x' (1.2.0)",
          },
        ],
      })
      expect(merged._links.self.href).toMatch(new RegExp(`^${broker.url}/pacts/provider/users/consumer/web/pact-version/[0-9a-f]+/metadata/[A-Za-z0-9_-]+$`))
      expect(metadataOf(merged._links.self.href)).toEqual({
        s: [
          { cv: '1.1.0', mb: true, l: true, b: 'main' },
          { cv: '1.2.0', b: 'feat-x', l: true },
        ],
      })
      expect(pacts[0].verificationProperties.notices[0].text).toContain('    * consumer version(s) released and supported in production (7)')
    })

    it('serves the pact at the metadata URL', async () => {
      const res = await post(url, { consumerVersionSelectors: [{ tag: 'prod', latest: true }] })
      const pact = await get(res.body._embedded.pacts[0]._links.self.href)
      expect(pact.status).toBe(200)
      expect(pact.body.consumer.name).toBe('mobile')
      expect(pact.body._links['pb:publish-verification-results'].href).toContain('/metadata/')
    })

    const pactsFor = async (body: object) => {
      const res = await post(url, body)
      expect(res.status, JSON.stringify(res.body)).toBe(200)
      expectVerifierShape(res.body)
      return res.body._embedded.pacts.map((p: any) => `${p._links.self.name} | ${p.shortDescription}`)
    }

    it('latest for a tag, all for a tag, a fallback tag, one consumer', async () => {
      expect(await pactsFor({ consumerVersionSelectors: [{ tag: 'dev', latest: true }] })).toEqual([
        'Pact between legacy (2) and users | latest with tag dev',
        'Pact between mobile (9) and users | latest with tag dev',
      ])
      expect(await pactsFor({ consumerVersionSelectors: [{ tag: 'dev', consumer: 'mobile' }] })).toEqual([
        'Pact between mobile (8) and users | one of mobile dev',
        'Pact between mobile (9) and users | one of mobile dev',
      ])
      const res = await post(url, { consumerVersionSelectors: [{ tag: 'nope', latest: true, fallbackTag: 'prod', consumer: 'mobile' }] })
      expect(res.body._embedded.pacts.map((p: any) => p.shortDescription)).toEqual(['latest with tag prod'])
      expect(res.body._embedded.pacts[0].verificationProperties.notices[0].text).toContain(
        "    * latest version of mobile tagged 'prod' (fallback tag used as no pact was found with tag 'nope') (7)",
      )
      expect(await pactsFor({ consumerVersionSelectors: [{ latest: true, consumer: 'web' }] })).toEqual(['Pact between web (1.2.0) and users | latest'])
    })

    it('a fallback branch, the matching branch, and environments', async () => {
      expect(await pactsFor({ consumerVersionSelectors: [{ branch: 'nope', fallbackBranch: 'main' }] })).toEqual([
        'Pact between web (1.1.0) and users | latest from branch main',
      ])
      expect(await pactsFor({ consumerVersionSelectors: [{ matchingBranch: true }], providerVersionBranch: 'feat-x' })).toEqual([
        'Pact between web (1.2.0) and users | latest from branch feat-x',
      ])
      expect(await pactsFor({ consumerVersionSelectors: [{ deployed: true, environment: 'production' }] })).toEqual([
        'Pact between web (1.0.0) and users | deployed to production',
      ])
      expect(await pactsFor({ consumerVersionSelectors: [{ released: true, environment: 'test' }] })).toEqual([])
      expect(await pactsFor({ consumerVersionSelectors: [{ environment: 'production' }] })).toEqual([
        'Pact between mobile (7) and users | in environment production',
        'Pact between web (1.0.0) and users | in environment production',
      ])
    })

    it('our addition: the highest version in a semver range (build metadata ignored)', async () => {
      expect(await pactsFor({ consumerVersionSelectors: [{ consumer: 'cli', semver: '^2.0.0' }] })).toEqual([
        'Pact between cli (2.3.0) and users | highest matching ^2.0.0',
      ])
      expect(await pactsFor({ consumerVersionSelectors: [{ consumer: 'cli', semver: '~1.4.0' }] })).toEqual([
        'Pact between cli (1.4.0+3f2a9c1) and users | highest matching ~1.4.0',
      ])
      expect(await pactsFor({ consumerVersionSelectors: [{ consumer: 'cli', semver: '>=4' }] })).toEqual([])
    })

    it('400 with a pointer for each bad selector, changing nothing', async () => {
      const res = await post(url, { consumerVersionSelectors: [{ mainBranch: true }, { tag: 'a', branch: 'b' }, { matchingBranch: true }] })
      expect(res.status).toBe(400)
      expect(res.contentType).toMatch(/json/)
      expect(res.body.errors).toEqual([
        { pointer: '/consumerVersionSelectors/1', detail: 'cannot specify both a tag and a branch' },
        { pointer: '/consumerVersionSelectors/2', detail: 'the providerVersionBranch must be specified when the selector matchingBranch=true is used' },
      ])
      const unknownEnv = await post(url, { consumerVersionSelectors: [{ deployed: true, environment: 'staging' }] })
      expect(unknownEnv.status).toBe(400)
      expect(unknownEnv.body.errors).toEqual([
        { pointer: '/consumerVersionSelectors/0/environment', detail: "no environment named 'staging' exists (GET /environments lists them)" },
      ])
    })

    it("refuses pact-js's empty provider branch with pending on and no tags, as the Pact Broker does; accepts it otherwise", async () => {
      const refused = await post(url, { consumerVersionSelectors: [], includePendingStatus: true, providerVersionBranch: '' })
      expect(refused.status).toBe(400)
      expect(refused.body.errors[0].pointer).toBe('/providerVersionBranch')
      expect(refused.body.notices[0].text).toContain('the provider version branch must not be an empty string')
      expect((await post(url, { consumerVersionSelectors: [], includePendingStatus: false, providerVersionBranch: '' })).status).toBe(200)
    })

    it('405 for other methods; 404 when POSTing for an unknown provider', async () => {
      const res = await request('PUT', url, {})
      expect(res.status).toBe(405)
      expect(res.headers.get('allow')).toBe('GET, POST, HEAD')
      expect((await post(`${broker.url}/pacts/provider/nobody/for-verification`, {})).status).toBe(404)
    })
  })
}
