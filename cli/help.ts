/**
 * Help text, rendered from the command table: `concord --help`, `concord <group> --help` and
 * `concord <command> --help`.
 */
import type { FlagSpec } from './args.js'
import { type CommandDefinition, COMMANDS } from './cli.js'
import { BROKER_FLAGS, GLOBAL_FLAGS } from './connection.js'
import { groups } from './invocation.js'

function flagLine(f: FlagSpec): [string, string] {
  const names = `${f.short ? `-${f.short}, ` : '    '}--${f.name}${f.type === 'boolean' ? '' : f.optionalValue ? ` ${f.valueName ?? '[VALUE]'}` : ` ${f.valueName ?? 'VALUE'}`}`
  return [names, f.description + (f.multiple && f.type !== 'boolean' && !/repeat|preceding/.test(f.description) ? ' (repeatable)' : '')]
}

function columns(rows: [string, string][]): string[] {
  const width = Math.max(...rows.map(([a]) => a.length))
  return rows.map(([a, b]) => `  ${a.padEnd(width)}  ${b}`)
}

/** @example commandHelp(findCommand(['publish']).command) // "Publish pact files…\n\nUsage: concord publish …" */
export function commandHelp(command: CommandDefinition): string {
  const lines = [`${command.summary}`, '', `Usage: ${command.usage}`]
  if (command.description?.length) lines.push('', ...command.description)
  if (command.flags.length) lines.push('', 'Options:', ...columns(command.flags.map(flagLine)))
  if (command.broker) lines.push('', 'Broker connection:', ...columns(BROKER_FLAGS.map(flagLine)))
  lines.push('', 'General:', ...columns(GLOBAL_FLAGS.map(flagLine)))
  lines.push('', command.examples.length > 1 ? 'Examples:' : 'Example:', ...command.examples.map((e) => `  ${e}`))
  return lines.join('\n')
}

export function mainHelp(): string {
  const rows = COMMANDS.map((c): [string, string] => [c.name, c.summary])
  return [
    'concord: contract testing with a Pact-compatible broker',
    '',
    'Usage: concord <command> [options]',
    '',
    'Commands:',
    ...columns(rows),
    '',
    "Run 'concord <command> --help' for a command's options and an example.",
    'Broker: --broker-url or CONCORD_BROKER_URL (PACT_BROKER_BASE_URL), token CONCORD_BROKER_TOKEN (PACT_BROKER_TOKEN).',
    'Exit codes: 0 ok, 1 can-i-deploy says no, 2 usage, configuration or broker error, 3 internal error.',
  ].join('\n')
}

export function groupHelp(group: string): string {
  // A group may share its name with a command of its own (`deprecations` and `deprecations proposals`).
  const own = COMMANDS.filter((c) => c.name === group)
  const subcommands = groups().get(group) ?? []
  const names = subcommands.map((c) => c.name.split(' ')[1]).join('|')
  return [
    `Usage: concord ${group} ${own.length ? `[${names}]` : `<${names}>`} [options]`,
    '',
    ...columns([...own, ...subcommands].map((c) => [c.name, c.summary])),
  ].join('\n')
}
