import { describe, expect, it } from 'vitest'
import type { BrokerWebhook } from '../../../lib/broker-client/index.js'
import { ExitError } from '../../errors.js'
import { planApply, uuidForDescription } from './plan.js'
import { parseWebhooksFile } from './webhooks-file.js'

const problems = (text: string, env: Record<string, string> = {}) => {
  try {
    parseWebhooksFile(text, 'hooks.yaml', env)
  } catch (error) {
    expect(error).toBeInstanceOf(ExitError)
    return (error as ExitError).message
  }
  throw new Error('expected the file to be refused')
}

describe('the webhooks file', () => {
  it('reads entries into webhook bodies: events as names or {name}, method upper-cased, ${env:…} replaced', () => {
    const desired = parseWebhooksFile(
      `webhooks:
  - description: users CI
    provider: { name: users }
    events: [contract_published, { name: provider_verification_failed }]
    request:
      method: put
      url: https://ci.example.com/x
      headers: { Authorization: "Bearer \${env:TOKEN}", X-Count: 3 }
      body: { pact: "\${pactbroker.pactUrl}" }
`,
      'hooks.yaml',
      { TOKEN: 't0k' },
    )
    expect(desired).toEqual([
      {
        uuid: undefined,
        description: 'users CI',
        definition: {
          description: 'users CI',
          provider: { name: 'users' },
          events: [{ name: 'contract_published' }, { name: 'provider_verification_failed' }],
          request: {
            method: 'PUT',
            url: 'https://ci.example.com/x',
            headers: { Authorization: 'Bearer t0k', 'X-Count': '3' },
            body: { pact: '${pactbroker.pactUrl}' },
          },
        },
      },
    ])
  })

  it('names the line, the entry and the field of every mistake at once', () => {
    const message = problems(`webhooks:
  - description: first
    request:
      url: https://a.example.com
  - description: second
    events: [contract_deployed]
    provider: { name: users, label: team }
    request:
      urll: https://b.example.com
  - request: { url: https://c.example.com }
  - description: first
    request: { url: https://d.example.com }
    timeout: 5
`)
    expect(message.split('\n')).toEqual([
      'hooks.yaml has 6 problems:',
      expect.stringMatching(/^ {2}line 6, webhooks\[1\] \('second'\) events\[0\]: must be one of contract_published, /),
      "  line 7, webhooks[1] ('second') provider: must have exactly one of name or label",
      "  line 9, webhooks[1] ('second') request.url: is required",
      "  line 9, webhooks[1] ('second') request.urll: is not a field of a webhook (a typo?)",
      '  line 10, webhooks[2] description: is required (it names the webhook; apply matches on it)',
      "  line 13, webhooks[3] ('first') timeout: is not a field of a webhook (a typo?)",
    ])
  })

  it('refuses a description or uuid used twice, invalid YAML and a document without a webhooks list', () => {
    expect(
      problems(`webhooks:
  - { description: a, request: { url: https://x.example.com } }
  - { description: a, request: { url: https://y.example.com } }
`),
    ).toContain("line 3, webhooks[1] ('a'): the description 'a' is already used by webhooks[0]; each must be unique")
    expect(problems('webhooks:\n  - description: [unclosed\n')).toMatch(/^hooks.yaml is not valid YAML:\n {2}line \d+: /)
    expect(problems('hooks: []\n')).toContain('webhooks: is required: a list of webhooks')
    expect(problems('webhooks:\n  - { description: a, uuid: short, request: { url: https://x.example.com } }\n')).toContain(
      "webhooks[0] ('a') uuid: must be 16 or more of the characters",
    )
  })
})

const brokerWebhook = (uuid: string, description: string, extra: Partial<BrokerWebhook> = {}): BrokerWebhook => ({
  uuid,
  description,
  enabled: true,
  events: [{ name: 'contract_content_changed' }],
  request: { method: 'POST', url: 'https://ci.example.com/hook', headers: { Authorization: '**********' } },
  createdAt: '2026-12-07T00:00:00Z',
  updatedAt: '2026-12-07T00:00:00Z',
  ...extra,
})

describe('planning an apply', () => {
  const entry = (description: string, uuid?: string) =>
    parseWebhooksFile(
      `webhooks:\n  - description: ${description}\n${uuid ? `    uuid: ${uuid}\n` : ''}    request:\n      url: https://ci.example.com/hook\n      headers: { Authorization: Bearer new }\n`,
      'f',
    )[0]!

  it('matches by uuid before description, compares secrets by presence, creates under a uuid derived from the description', () => {
    const plan = planApply(
      [entry('kept', 'uuid-of-the-kept-one'), entry('same'), entry('new')],
      [brokerWebhook('uuid-of-the-kept-one', 'renamed on the broker'), brokerWebhook('u-same', 'same'), brokerWebhook('u-gone', 'gone')],
      { updateSecrets: false },
    )
    expect(plan.changes).toEqual([
      expect.objectContaining({ action: 'update', uuid: 'uuid-of-the-kept-one', fields: ['description'] }),
      expect.objectContaining({ action: 'create', uuid: uuidForDescription('new') }),
      { action: 'delete', uuid: 'u-gone', description: 'gone' },
    ])
    expect(plan.unchanged).toEqual([{ uuid: 'u-same', description: 'same' }])
    expect(uuidForDescription('new')).toMatch(/^[A-Za-z0-9_-]{22}$/)
    expect(planApply([entry('same')], [brokerWebhook('u-same', 'same')], { updateSecrets: true }).changes).toEqual([
      expect.objectContaining({ action: 'update', fields: ['secrets'] }),
    ])
  })

  it('refuses to guess between broker webhooks that share a description', () => {
    expect(() => planApply([entry('twin')], [brokerWebhook('u-1', 'twin'), brokerWebhook('u-2', 'twin')], { updateSecrets: false })).toThrow(
      "The broker has 2 webhooks described 'twin' (uuids u-1, u-2): give the entry the uuid of the one to keep.",
    )
  })
})
