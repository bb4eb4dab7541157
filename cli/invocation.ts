/**
 * argv → the command of the table it names, its parsed flags and its options. Pure (no I/O, no exit), so
 * cli.test.ts tests argv apart from what the commands do.
 */
import { type ParsedArgs, parseArgs, reader, suggest } from './args.js'
import { type CommandDefinition, COMMANDS } from './cli.js'
import { BROKER_FLAGS, type BrokerConnection, brokerConnection, GLOBAL_FLAGS, outputOf } from './connection.js'
import type { Env } from './context.js'
import { UsageError } from './errors.js'

/** Group words that only exist as prefixes (`concord environment` → its subcommands). */
export function groups(): Map<string, CommandDefinition[]> {
  const map = new Map<string, CommandDefinition[]>()
  for (const c of COMMANDS) {
    const [first, second] = c.name.split(' ')
    if (second) map.set(first!, [...(map.get(first!) ?? []), c])
  }
  return map
}

export interface Invocation {
  command: CommandDefinition
  args: ParsedArgs
  output: 'table' | 'json'
  help: boolean
  verbose: boolean
  connection?: BrokerConnection
  options?: unknown
}

/** The command named by the leading words of argv (longest match), and the rest of argv. */
export function findCommand(argv: readonly string[]): { command: CommandDefinition; rest: string[] } {
  const words = argv.slice(0, 2)
  for (const length of [2, 1]) {
    const name = words.slice(0, length).join(' ')
    if (words.length < length || words.slice(0, length).some((w) => w.startsWith('-'))) continue
    const command = COMMANDS.find((c) => c.name === name)
    if (command) return { command, rest: argv.slice(length) }
  }
  const first = argv[0] ?? ''
  const group = groups().get(first)
  if (group) {
    const sub = argv[1]
    const hint =
      sub && !sub.startsWith('-')
        ? suggest(
            sub,
            group.map((c) => c.name.split(' ')[1]!),
          )
        : undefined
    throw new UsageError(
      `${sub && !sub.startsWith('-') ? `Unknown command 'concord ${first} ${sub}'${hint ? ` (did you mean 'concord ${first} ${hint}'?)` : ''}. ` : `'concord ${first}' needs a subcommand. `}Choose one of: ${group.map((c) => c.name).join(', ')}`,
    )
  }
  const hint = suggest(first, [...new Set(COMMANDS.map((c) => c.name.split(' ')[0]!))])
  throw new UsageError(`Unknown command '${first}'${hint ? ` (did you mean '${hint}'?)` : ''}. Run 'concord --help' for the list.`)
}

/**
 * argv (without `node concord`) → the command, its parsed flags and its options.
 * @example parseInvocation(['can-i-deploy', '-a', 'web', '-e', '1', '--to-environment', 'prod'], {})
 */
export function parseInvocation(argv: readonly string[], environment: Env): Invocation {
  const { command, rest } = findCommand(argv)
  try {
    return invocationOf(command, rest, environment)
  } catch (error) {
    if (error instanceof UsageError && !error.command) throw new UsageError(error.message, command.name)
    throw error
  }
}

function invocationOf(command: CommandDefinition, rest: readonly string[], environment: Env): Invocation {
  const args = parseArgs(rest, [...command.flags, ...(command.broker ? BROKER_FLAGS : []), ...GLOBAL_FLAGS])
  const r = reader(args)
  const help = r.boolean('help')
  const invocation: Invocation = { command, args, output: outputOf(args), help, verbose: r.boolean('verbose') }
  if (help) return invocation
  if (!command.positionals && args.positionals.length)
    throw new UsageError(`'concord ${command.name}' takes no arguments, got '${args.positionals.join(' ')}'`, command.name)
  if (command.broker) invocation.connection = brokerConnection(args, environment)
  invocation.options = command.options(args, environment)
  return invocation
}
