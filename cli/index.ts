#!/usr/bin/env node
/**
 * @module cli/index
 * The `concord` bin. Parses argv, runs the command, prints its result, and is the ONLY place that catches
 * errors and sets the exit code (see EXIT in cli/errors.ts and docs/cli.md).
 */
import { readFileSync } from 'node:fs'
import { createBrokerClient, type BrokerClient } from '../lib/broker-client/index.js'
import { commandHelp, groupHelp, mainHelp } from './help.js'
import { groups, parseInvocation, type Invocation } from './invocation.js'
import type { CommandContext } from './context.js'
import { EXIT, UsageError } from './errors.js'
import { errorReport } from './output/errors.js'
import { colourEnabled, createStyle } from './output/style.js'

function packageVersion(): string {
  try {
    // dist/cli/index.js and cli/index.ts both sit two levels below the package root
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string }
    if (pkg.version) return pkg.version
  } catch {
    // fall through to the source layout
  }
  try {
    return (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version
  } catch {
    return 'unknown'
  }
}

const write = (stream: NodeJS.WriteStream, text: string) =>
  new Promise<void>((resolve) => (text ? stream.write(text.endsWith('\n') ? text : `${text}\n`, () => resolve()) : resolve()))

async function main(argv: string[]): Promise<number> {
  const env = process.env
  const style = createStyle(colourEnabled(process.stderr, env))
  const wantsJson = argv.some((a, i) => a === '--output=json' || a === '-o=json' || ((a === '--output' || a === '-o') && argv[i + 1] === 'json'))
  const verbose = argv.includes('--verbose')
  let invocation: Invocation | undefined
  try {
    if (argv.length === 0) {
      await write(process.stderr, mainHelp())
      return EXIT.error
    }
    if (argv[0] === '--help' || argv[0] === '-h') {
      await write(process.stdout, mainHelp())
      return EXIT.ok
    }
    if (argv[0] === 'help') {
      if (!argv[1]) await write(process.stdout, mainHelp())
      else if (groups().has(argv[1]) && !argv[2]) await write(process.stdout, groupHelp(argv[1]))
      else await write(process.stdout, commandHelp(parseInvocation([...argv.slice(1), '--help'], env).command))
      return EXIT.ok
    }
    if (argv[0] === '--version' || argv[0] === '-v') {
      await write(process.stdout, packageVersion())
      return EXIT.ok
    }
    if (groups().has(argv[0]!) && (argv[1] === '--help' || argv[1] === '-h')) {
      await write(process.stdout, groupHelp(argv[0]!))
      return EXIT.ok
    }

    invocation = parseInvocation(argv, env)
    if (invocation.help) {
      await write(process.stdout, commandHelp(invocation.command))
      return EXIT.ok
    }

    const stdoutStyle = createStyle(invocation.output === 'table' && colourEnabled(process.stdout, env))
    let client: BrokerClient | undefined
    const connection = invocation.connection
    const ctx: CommandContext = {
      env,
      cwd: process.cwd(),
      style: stdoutStyle,
      boxed: process.stdout.isTTY === true,
      output: invocation.output,
      client() {
        if (!connection) throw new Error(`'concord ${invocation!.command.name}' has no broker connection`)
        client ??= createBrokerClient({ ...connection, userAgent: `concord/${packageVersion()}` })
        return client
      },
      progress: (line) => void process.stderr.write(`${line}\n`),
      waitForStop: () =>
        new Promise<string>((resolve) => {
          process.once('SIGINT', () => resolve('SIGINT'))
          process.once('SIGTERM', () => resolve('SIGTERM'))
        }),
    }
    const module = await invocation.command.load()
    const result = await module.run(invocation.options, ctx)
    if (invocation.output === 'json') await write(process.stdout, JSON.stringify(result.data, null, 2))
    else await write(process.stdout, result.text)
    return result.exitCode ?? EXIT.ok
  } catch (error) {
    const command = invocation?.command.name ?? (error instanceof UsageError ? error.command : undefined)
    const report = errorReport(error, { style, verbose, command, version: packageVersion() })
    if (wantsJson) await write(process.stdout, JSON.stringify(report.json, null, 2))
    await write(process.stderr, report.lines.join('\n'))
    return report.exitCode
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
    process.exit(EXIT.internal)
  },
)
