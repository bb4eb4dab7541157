/**
 * A CommandContext for running `concord` commands in-process in tests: no environment, plain (unstyled, unboxed)
 * table output, no progress lines, and a real broker client for `brokerUrl` (commands without a broker must not
 * ask for one).
 * @example const result = await run(options, quietCommandContext({ brokerUrl: broker.url }))
 */
import { type BrokerClient, createBrokerClient } from '../../lib/broker-client/index.js'
import type { CommandContext } from '../../cli/context.js'
import { createStyle } from '../../cli/output/style.js'

export function quietCommandContext(options: { brokerUrl?: string } = {}): CommandContext {
  let client: BrokerClient | undefined
  return {
    env: {},
    cwd: process.cwd(),
    style: createStyle(false),
    boxed: false,
    output: 'table',
    client: () => {
      if (!options.brokerUrl) throw new Error('this context has no broker: pass quietCommandContext({ brokerUrl })')
      client ??= createBrokerClient({ baseUrl: options.brokerUrl, retries: 0 })
      return client
    },
    progress: () => {},
    waitForStop: () => new Promise(() => {}),
  }
}
