/**
 * @module consumer/deprecations
 * The consumer side of deprecation timelines: after an interaction's test passes (pact has written the pact
 * file), the interaction is sent to the broker's `POST /deprecations/check` and each notice is either printed
 * (`'warn'`) or turned into a DeprecatedUsageError (`'fail'`). Nothing is published.
 */
import fs from 'node:fs/promises'
import { createBrokerClient } from '../broker-client/client.js'
import { BrokerUnreachableError, ConfigurationError, DeprecatedUsageError } from '../errors.js'
import type { DeprecationCheckOptions } from './types.js'

export interface ResolvedDeprecationCheck {
  brokerUrl: string
  token?: string | undefined
  onDeprecated: 'warn' | 'fail'
}

/** Resolves the `deprecations` option (env: CONCORD_BROKER_URL, CONCORD_BROKER_TOKEN); undefined = no check. */
export function resolveDeprecationCheck(
  option: boolean | DeprecationCheckOptions | undefined,
  env: NodeJS.ProcessEnv = process.env,
): ResolvedDeprecationCheck | undefined {
  if (option === undefined || option === false) return undefined
  const given = option === true ? {} : option
  const onDeprecated = given.onDeprecated ?? 'warn'
  if (onDeprecated !== 'warn' && onDeprecated !== 'fail') {
    throw new ConfigurationError(`deprecations.onDeprecated must be 'warn' or 'fail', got '${String(onDeprecated)}'`)
  }
  const brokerUrl = given.brokerUrl ?? env.CONCORD_BROKER_URL
  if (!brokerUrl?.trim()) {
    throw new ConfigurationError('The deprecation check needs a broker URL: pass deprecations: { brokerUrl } or set CONCORD_BROKER_URL')
  }
  return { brokerUrl, token: given.token ?? env.CONCORD_BROKER_TOKEN, onDeprecated }
}

/**
 * Checks one interaction (by description) of the pact file just written. Resolves when there is nothing to
 * report or in `'warn'` mode; rejects with DeprecatedUsageError (or the broker error) in `'fail'` mode.
 */
export async function checkInteractionDeprecations(
  check: ResolvedDeprecationCheck,
  pactFile: string,
  contract: { consumer: string; provider: string },
  description: string,
): Promise<void> {
  const what = `interaction '${description}' of ${contract.consumer} → ${contract.provider}`
  const pact = JSON.parse(await fs.readFile(pactFile, 'utf8')) as Record<string, unknown>
  const key = Array.isArray(pact.interactions) ? 'interactions' : 'messages'
  const all = Array.isArray(pact[key]) ? (pact[key] as Array<{ description?: unknown }>) : []
  const only = { ...pact, [key]: all.filter((interaction) => interaction.description === description) }
  let notices
  try {
    const client = createBrokerClient({ baseUrl: check.brokerUrl, token: check.token, retries: 0, timeoutMs: 10_000 })
    ;({ notices } = await client.checkDeprecations({ pact: only }))
  } catch (error) {
    if (check.onDeprecated === 'warn' && error instanceof BrokerUnreachableError) {
      console.warn(`[concord] Could not check ${what} for deprecations: ${error.message}`)
      return
    }
    throw error
  }
  if (!notices.length) return
  const lines = notices.map((notice) => `[concord] ${what}: ${notice.text}`)
  if (check.onDeprecated === 'fail') {
    throw new DeprecatedUsageError(
      `${what[0]!.toUpperCase()}${what.slice(1)} uses deprecated items:\n${notices.map((n) => `  - ${n.text}`).join('\n')}`,
      notices,
    )
  }
  for (const line of lines) console.warn(line)
}
