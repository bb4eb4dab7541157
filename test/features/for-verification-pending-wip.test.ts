import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { decodePactMetadata } from '../../broker/contracts/pact-metadata.js'
import { DATABASES } from '../support/databases.js'
import { post } from '../support/http.js'
import { td } from '../support/td.js'
import { startTestBroker, type TestBroker } from '../support/test-broker.js'

const metadataOf = (href: string) => decodePactMetadata(/\/metadata\/([^/]+)$/.exec(href)?.[1])
const summary = (pacts: any[]) =>
  pacts.map((p) => ({
    name: p._links.self.name,
    short: p.shortDescription,
    pending: p.verificationProperties.pending,
    wip: p.verificationProperties.wip ?? false,
  }))

/** Publishes a verification result through the pact URL for-verification handed out (as the verifier does). */
async function verifyThrough(href: string, providerVersion: string, success: boolean) {
  const res = await post(`${href}/verification-results`, {
    success,
    providerApplicationVersion: providerVersion,
    verifiedBy: { implementation: 'test', version: '1' },
  })
  expect(res.status).toBe(201)
  return res
}

for (const database of DATABASES) {
  describe(`pacts for verification: pending (${database.name})`, () => {
    let broker: TestBroker
    let url: string
    beforeAll(async () => {
      broker = await startTestBroker(database)
      url = `${broker.url}/pacts/provider/users/for-verification`
      await td(broker)
        .createPacticipant('web', { mainBranch: 'main' })
        .publishPact({ consumer: 'web', consumerVersion: '1.0.0', provider: 'users', branch: 'main', interactions: 'A' })
    })
    afterAll(() => broker?.close())

    const ask = async (body: object) => {
      const res = await post(url, { consumerVersionSelectors: [{ mainBranch: true }], includePendingStatus: true, ...body })
      expect(res.status).toBe(200)
      return res.body._embedded.pacts as any[]
    }

    it('is pending for a provider branch until that branch verifies the content successfully', async () => {
      const [before] = await ask({ providerVersionBranch: 'main' })
      expect(before.verificationProperties.pending).toBe(true)
      expect(before.verificationProperties.notices[1].text).toBe(
        "This pact is in pending state for this version of users because a successful verification result for a version of users from branch 'main' has not yet been published. If this verification fails, it will not cause the overall build to fail. Read more at https://docs.pact.io/go/pending",
      )
      expect(before.verificationProperties.notices).toHaveLength(6)
      expect(metadataOf(before._links.self.href).p).toBe(true)

      // a failure does not end pending; a failure by another branch neither
      await td(broker).verify({ provider: 'users', providerVersion: '2.0.0', branch: 'main', success: false, consumer: 'web', consumerVersion: '1.0.0' })
      expect((await ask({ providerVersionBranch: 'main' }))[0].verificationProperties.pending).toBe(true)

      await td(broker).verify({ provider: 'users', providerVersion: '2.0.1', branch: 'main', success: true, consumer: 'web', consumerVersion: '1.0.0' })
      const [after] = await ask({ providerVersionBranch: 'main' })
      expect(after.verificationProperties.pending).toBe(false)
      expect(after.verificationProperties.notices).toHaveLength(2)
      expect(after.verificationProperties.notices[1].text).toBe(
        "This pact has previously been successfully verified by a version of users from branch 'main'. If this verification fails, it will fail the build. Read more at https://docs.pact.io/go/pending",
      )
      expect(metadataOf(after._links.self.href).p).toBe(false)
    })

    it('is per content: a new consumer version with the same content is not pending again', async () => {
      await td(broker).publishPact({ consumer: 'web', consumerVersion: '1.0.1', provider: 'users', branch: 'main', interactions: 'A' })
      const [pact] = await ask({ providerVersionBranch: 'main' })
      expect(pact._links.self.name).toBe('Pact between web (1.0.1) and users')
      expect(pact.verificationProperties.pending).toBe(false)
    })

    it('a new provider branch inherits verifications made before it existed', async () => {
      expect((await ask({ providerVersionBranch: 'feat-new' }))[0].verificationProperties.pending).toBe(false)
    })

    it('new content is pending; without a branch or tags, until any provider version verified it', async () => {
      await td(broker).publishPact({ consumer: 'web', consumerVersion: '1.1.0', provider: 'users', branch: 'main', interactions: 'B' })
      expect((await ask({ providerVersionBranch: 'main' }))[0].verificationProperties.pending).toBe(true)
      expect((await ask({}))[0].verificationProperties.pending).toBe(true)
      await td(broker).verify({ provider: 'users', providerVersion: '3.0.0', success: true, consumer: 'web', consumerVersion: '1.1.0' })
      // verified by a provider version with no branch: no longer pending when no branch is given, still pending for 'main'
      expect((await ask({}))[0].verificationProperties.pending).toBe(false)
      expect((await ask({ providerVersionBranch: 'main' }))[0].verificationProperties.pending).toBe(true)
    })

    it('with provider tags: pending per tag', async () => {
      // 'prod' is in use on the provider before 'dev' verifies the new content, so that does not count for 'prod'
      await td(broker).tag('users', '0.1.0', 'prod')
      await td(broker).publishPact({ consumer: 'web', consumerVersion: '1.2.0', provider: 'users', branch: 'main', interactions: 'C' })
      await td(broker).verify({ provider: 'users', providerVersion: '4.0.0', tags: ['dev'], success: true, consumer: 'web', consumerVersion: '1.2.0' })
      const [pact] = await ask({ providerVersionTags: ['dev', 'prod'] })
      expect(pact.verificationProperties.pending).toBe(true)
      expect(pact.verificationProperties.notices[1].text).toBe(
        "This pact is in pending state for this version of users because a successful verification result for a version of users with tag 'prod' has not yet been published. If this verification fails, it will not cause the overall build to fail. Read more at https://docs.pact.io/go/pending",
      )
      expect((await ask({ providerVersionTags: ['dev'] }))[0].verificationProperties.pending).toBe(false)
    })

    it('a verification by another branch after the provider branch was created does not count for it', async () => {
      await td(broker).publishPact({ consumer: 'web', consumerVersion: '1.3.0', provider: 'users', branch: 'main', interactions: 'D' })
      await td(broker).branch('users', 'feat-early', '5.0.0')
      await td(broker).verify({ provider: 'users', providerVersion: '5.1.0', branch: 'feat-other', success: true, consumer: 'web', consumerVersion: '1.3.0' })
      await td(broker).branch('users', 'feat-late', '5.2.0')
      expect((await ask({ providerVersionBranch: 'feat-early' }))[0].verificationProperties.pending).toBe(true)
      expect((await ask({ providerVersionBranch: 'feat-late' }))[0].verificationProperties.pending).toBe(false)
      expect((await ask({ providerVersionBranch: 'feat-other' }))[0].verificationProperties.pending).toBe(false)
    })

    // Branches of up to 64 versions are answered from the branch's versions, longer ones from the pact's
    // verifications (for-verification.repository.ts): both ways must agree.
    it('gives the same answers on a provider branch of more than 64 versions', async () => {
      await td(broker).publishPact({ consumer: 'web', consumerVersion: '1.4.0', provider: 'users', branch: 'main', interactions: 'E' })
      let versions = td(broker)
      for (let i = 0; i < 70; i++) versions = versions.branch('users', 'long', `6.0.${i}`)
      await versions
      expect((await ask({ providerVersionBranch: 'long' }))[0].verificationProperties.pending).toBe(true)
      await td(broker).verify({ provider: 'users', providerVersion: '6.1.0', branch: 'feat-other', success: true, consumer: 'web', consumerVersion: '1.4.0' })
      expect((await ask({ providerVersionBranch: 'long' }))[0].verificationProperties.pending).toBe(true)
      await td(broker).verify({ provider: 'users', providerVersion: '6.0.3', success: false, consumer: 'web', consumerVersion: '1.4.0' })
      expect((await ask({ providerVersionBranch: 'long' }))[0].verificationProperties.pending).toBe(true)
      await td(broker).verify({ provider: 'users', providerVersion: '6.0.7', success: true, consumer: 'web', consumerVersion: '1.4.0' })
      expect((await ask({ providerVersionBranch: 'long' }))[0].verificationProperties.pending).toBe(false)
    }, 120_000)

    it('has no pending property unless asked for', async () => {
      const res = await post(url, { consumerVersionSelectors: [{ mainBranch: true }], providerVersionBranch: 'main' })
      expect(res.body._embedded.pacts[0].verificationProperties.pending).toBeUndefined()
      expect(res.body._embedded.pacts[0].verificationProperties.notices).toHaveLength(1)
      expect(metadataOf(res.body._embedded.pacts[0]._links.self.href).p).toBeUndefined()
    })
  })

  describe(`pacts for verification: work in progress (${database.name})`, () => {
    let broker: TestBroker
    let url: string
    beforeAll(async () => {
      broker = await startTestBroker(database)
      url = `${broker.url}/pacts/provider/users/for-verification`
      await td(broker)
        .createPacticipant('web', { mainBranch: 'main' })
        .publishPact({ consumer: 'web', consumerVersion: '1.0.0', provider: 'users', branch: 'main', interactions: 'A' })
        .verify({ provider: 'users', providerVersion: '1.0.0', branch: 'main', success: true })
        .publishPact({ consumer: 'web', consumerVersion: '1.1.0-feat', provider: 'users', branch: 'feat-y', interactions: 'B' })
        .publishPact({ consumer: 'mobile', consumerVersion: '5', provider: 'users', tags: ['feat-z'], interactions: 'M' })
    })
    afterAll(() => broker?.close())

    const ask = async (body: object = {}) => {
      const res = await post(url, {
        consumerVersionSelectors: [{ mainBranch: true }],
        includePendingStatus: true,
        includeWipPactsSince: '2020-01-01',
        providerVersionBranch: 'main',
        ...body,
      })
      expect(res.status).toBe(200)
      return res.body._embedded.pacts as any[]
    }

    it('adds branch and tag heads published since the date that the provider branch has not verified, pending and marked wip', async () => {
      const pacts = await ask()
      expect(summary(pacts)).toEqual([
        { name: 'Pact between web (1.0.0) and users', short: 'latest from main branch', pending: false, wip: false },
        { name: 'Pact between mobile (5) and users', short: 'latest with tag feat-z', pending: true, wip: true },
        { name: 'Pact between web (1.1.0-feat) and users', short: 'latest from branch feat-y', pending: true, wip: true },
      ])
      const wip = pacts[2]
      expect(metadataOf(wip._links.self.href)).toMatchObject({ w: true, p: true })
      expect(wip.verificationProperties.notices[0].text).toBe(
        `The pact at ${wip._links.self.href} is being verified because it is a 'work in progress' pact (ie. it is the pact for the latest version of web from branch 'feat-y' and it has not yet been successfully verified by a version of users from branch 'main' when the pact's application version was explicitly specified in the consumer version selectors). Read more at https://docs.pact.io/go/wip`,
      )
      expect(wip.verificationProperties.notices[1].text).toContain("because it was included as a 'work in progress' pact")
    })

    it('leaves out pacts the selectors already chose, pacts published before the date, and builds with no branch or tags', async () => {
      expect(summary(await ask({ consumerVersionSelectors: [{ mainBranch: true }, { branch: 'feat-y' }] })).filter((p) => p.wip)).toEqual([
        { name: 'Pact between mobile (5) and users', short: 'latest with tag feat-z', pending: true, wip: true },
      ])
      expect((await ask({ includeWipPactsSince: '2999-01-01' })).filter((p) => p.verificationProperties.wip)).toEqual([])
      expect((await ask({ providerVersionBranch: undefined })).filter((p) => p.verificationProperties.wip)).toEqual([])
    })

    it('stays WIP after a successful WIP verification, and stops after a non-WIP one from the provider branch', async () => {
      const wip = (await ask()).find((p) => p._links.self.name.startsWith('Pact between web (1.1.0-feat)'))
      await td(broker).branch('users', 'main', '1.1.0')
      await verifyThrough(wip._links.self.href, '1.1.0', true)
      expect((await ask()).some((p) => p._links.self.name.startsWith('Pact between web (1.1.0-feat)'))).toBe(true)

      await td(broker).verify({ provider: 'users', providerVersion: '1.2.0', branch: 'main', success: true, consumer: 'web', consumerVersion: '1.1.0-feat' })
      expect((await ask()).some((p) => p._links.self.name.startsWith('Pact between web (1.1.0-feat)'))).toBe(false)
      // …but a build on another provider branch created after that success does not see it as WIP either
      expect((await ask({ providerVersionBranch: 'brand-new' })).some((p) => p._links.self.name.startsWith('Pact between web (1.1.0-feat)'))).toBe(false)
    })

    it('with provider tags instead of a branch', async () => {
      const pacts = await ask({ providerVersionBranch: undefined, providerVersionTags: ['main'] })
      // the provider's versions carry branches, not tags: nothing has been verified "with tag main" yet
      expect(
        summary(pacts)
          .filter((p) => p.wip)
          .map((p) => p.name),
      ).toEqual(['Pact between mobile (5) and users', 'Pact between web (1.1.0-feat) and users'])
      expect(pacts.find((p) => p.verificationProperties.wip).verificationProperties.notices[0].text).toContain(
        "has not yet been successfully verified by a version of users with tag 'main'",
      )
    })
  })
}
