/**
 * A small broker history for the export/import and migration tests, written through the HTTP API, and the
 * can-i-deploy questions to ask of it (answers compared between two brokers by `answersOf`).
 */
import { get, post, put } from './http.js'
import { td } from './td.js'

export const SEEDED_PACTICIPANTS = ['web', 'mobile', 'users', 'orders'] as const

/** Every version the seed creates, by pacticipant. */
export const SEEDED_VERSIONS: Record<string, string[]> = {
  web: ['1.0.0', '1.1.0', '2.0.0'],
  mobile: ['3.0.0'],
  users: ['10.0.0', '11.0.0'],
  orders: ['5.0.0'],
}

/**
 * web 1.0.0 and 1.1.0 on main (1.1.0 tagged prod), web 2.0.0 on feat-x with other content; mobile 3.0.0 with pacts
 * for users and orders. users 10.0.0 verified web 1.0.0; users 11.0.0 verified web 1.1.0 and mobile, failed web
 * 2.0.0; orders 5.0.0 failed mobile. Deployed to production: users 10.0.0, then 11.0.0 (10.0.0 undeployed), and
 * web 1.0.0; users 11.0.0 to staging; mobile 3.0.0 released to production. A label; unless `concordOnly` is
 * false, a deprecation and a webhook.
 */
export async function seedHistory(url: string, headers: Record<string, string> = {}, options: { concordOnly?: boolean } = {}): Promise<void> {
  const t = td({ url }, { headers })
  await t
    .createPacticipant('web', { mainBranch: 'main' })
    .createPacticipant('users', { mainBranch: 'main' })
    .createEnvironment('staging', { displayName: 'Staging' })
    .publishPact({ consumer: 'web', consumerVersion: '1.0.0', provider: 'users', branch: 'main', interactions: 'get user' })
    .verify({ provider: 'users', providerVersion: '10.0.0', branch: 'main', success: true })
    .publishPact({ consumer: 'web', consumerVersion: '1.1.0', provider: 'users', branch: 'main', tags: ['prod'], interactions: 'get user v2' })
    .verify({ provider: 'users', providerVersion: '11.0.0', branch: 'main', success: true })
    .publishPact({ consumer: 'web', consumerVersion: '2.0.0', provider: 'users', branch: 'feat-x', interactions: 'get user v3' })
    .verify({ provider: 'users', providerVersion: '11.0.0', branch: 'main', success: false })
    .publishPact({ consumer: 'mobile', consumerVersion: '3.0.0', provider: 'users', branch: 'main', interactions: 'mobile user' })
    .verify({ provider: 'users', providerVersion: '11.0.0', branch: 'main', success: true })
    .publishPact({ consumer: 'mobile', consumerVersion: '3.0.0', provider: 'orders', branch: 'main', interactions: 'mobile orders' })
    .verify({ provider: 'orders', providerVersion: '5.0.0', branch: 'main', success: false })
    .recordDeployment('users', '10.0.0', 'production')
    .recordDeployment('users', '11.0.0', 'production')
    .recordDeployment('web', '1.0.0', 'production')
    .recordDeployment('users', '11.0.0', 'staging')
    .recordRelease('mobile', '3.0.0', 'production')
  const ok = (res: { status: number; body: unknown }, what: string) => {
    if (res.status >= 300) throw new Error(`seed: ${what} answered ${res.status}: ${JSON.stringify(res.body)}`)
  }
  ok(await put(`${url}/pacticipants/users/labels/team-a`, {}, headers), 'label')
  // What only Concord has (a Pact Broker has no deprecations, and gives no webhook secrets back).
  if (options.concordOnly === false) return
  ok(
    await post(
      `${url}/pacticipants/users/deprecations`,
      { method: 'get', path: '/users/{id}', deprecatedIn: '11.0.0', sunset: '2027-06-30', reason: 'v2 has paging' },
      headers,
    ),
    'deprecation',
  )
  ok(
    await post(
      `${url}/webhooks`,
      {
        description: 'users CI',
        provider: { name: 'users' },
        events: [{ name: 'contract_content_changed' }],
        request: { method: 'POST', url: 'https://ci.example.com/build', headers: { 'Content-Type': 'application/json' }, username: 'ci', password: 'hunter22' },
      },
      headers,
    ),
    'webhook',
  )
}

/** The questions: every seeded version to every environment, and the matrix of the main branches. */
export function questions(): string[] {
  const asked: string[] = []
  for (const [pacticipant, versions] of Object.entries(SEEDED_VERSIONS))
    for (const version of versions)
      for (const environment of ['production', 'staging', 'test'])
        asked.push(`/can-i-deploy?pacticipant=${pacticipant}&version=${encodeURIComponent(version)}&environment=${environment}`)
  asked.push('/matrix?q[][pacticipant]=web&q[][branch]=main&q[][latest]=true&latestby=cvp&environment=production')
  asked.push('/matrix?q[][pacticipant]=web&q[][branch]=main&q[][pacticipant]=users&q[][branch]=main&latestby=cvpv')
  asked.push('/matrix?q[][pacticipant]=mobile&q[][version]=3.0.0&latestby=cvp&environment=production')
  asked.push('/matrix?q[][pacticipant]=web&q[][tag]=prod&q[][latest]=true&latestby=cvp&environment=staging')
  return asked
}

/** The `summary.deployable` of each answer (undefined for a matrix question without one). */
export function deployableOf(answers: Record<string, unknown>): (boolean | null | undefined)[] {
  return Object.values(answers).map((a) => (a as { body: { summary?: { deployable: boolean | null } } }).body.summary?.deployable)
}

/** The answers (status and body, the broker's own URL replaced by a placeholder) to each question; every one is a 200. */
export async function answersOf(url: string, asked: string[], headers: Record<string, string> = {}): Promise<Record<string, unknown>> {
  const answers: Record<string, unknown> = {}
  for (const question of asked) {
    const res = await get(`${url}${question}`, headers)
    if (res.status !== 200) throw new Error(`${question} answered ${res.status}: ${JSON.stringify(res.body)}`)
    answers[question] = { status: res.status, body: JSON.parse(JSON.stringify(res.body).split(url).join('{broker}')) as unknown }
  }
  return answers
}
