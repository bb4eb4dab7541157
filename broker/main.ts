/**
 * @module main
 * Process entry for `npm start`: read the environment once, start the broker, stop cleanly on SIGTERM/SIGINT.
 */
import { ConfigError, loadConfig } from './config.js'
import { startBroker } from './server.js'
import { createLogger } from './shared/logger.js'

async function main(): Promise<void> {
  let config
  try {
    config = loadConfig(process.env)
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`Concord broker: invalid setting ${error.message}. See docs/configuration.md.\n`)
      process.exit(2)
    }
    throw error
  }
  const logger = createLogger(config.logging.level, (line) => process.stdout.write(line + '\n'), { format: config.logging.format })
  const broker = await startBroker(config, logger)
  const stop = (signal: string) => {
    logger.info(`${signal} received, shutting down`)
    broker.close().then(
      () => process.exit(0),
      (error) => {
        logger.error('shutdown failed', { error: String(error) })
        process.exit(1)
      },
    )
  }
  process.once('SIGTERM', () => stop('SIGTERM'))
  process.once('SIGINT', () => stop('SIGINT'))
}

main().catch((error) => {
  process.stderr.write(`Concord broker failed to start: ${error instanceof Error ? error.message : String(error)}\n`)
  process.exit(1)
})
