/**
 * `concord pacticipant create | show | list`.
 */
import type { Pacticipant } from '../../../lib/broker-client/index.js'
import type { PacticipantCreateOptions } from './options.js'
import type { CommandContext, CommandResult } from '../../context.js'
import { renderTable } from '../../output/table.js'

/** The stable JSON of a pacticipant (docs/cli.md). */
export function pacticipantJson(p: Pacticipant) {
  const latest = (p._embedded as { latestVersion?: { number?: string } } | undefined)?.latestVersion?.number
  return {
    name: p.name,
    displayName: p.displayName ?? p.name,
    mainBranch: p.mainBranch ?? null,
    repositoryUrl: p.repositoryUrl ?? null,
    latestVersion: latest ?? null,
    createdAt: p.createdAt ?? null,
  }
}

export async function create(o: PacticipantCreateOptions, ctx: CommandContext): Promise<CommandResult> {
  const { pacticipant, created } = await ctx
    .client()
    .createOrUpdatePacticipant({ name: o.name, displayName: o.displayName, mainBranch: o.mainBranch, repositoryUrl: o.repositoryUrl })
  return {
    data: { created, pacticipant: pacticipantJson(pacticipant) },
    text: ctx.style.green(`${created ? 'Created' : 'Updated'} pacticipant ${pacticipant.name}`),
  }
}

export async function show(o: { name: string }, ctx: CommandContext): Promise<CommandResult> {
  const p = pacticipantJson(await ctx.client().getPacticipant(o.name))
  const rows: [string, string][] = [
    ['Name', p.name],
    ['Display name', p.displayName],
    ['Main branch', p.mainBranch ?? '-'],
    ['Repository', p.repositoryUrl ?? '-'],
    ['Latest version', p.latestVersion ?? '-'],
    ['Created', p.createdAt ?? '-'],
  ]
  return { data: p, text: rows.map(([k, v]) => `${(k + ':').padEnd(16)}${v}`).join('\n') }
}

export async function list(_o: Record<string, never>, ctx: CommandContext): Promise<CommandResult> {
  const list = (await ctx.client().listPacticipants()).map(pacticipantJson)
  return {
    data: { pacticipants: list },
    text: list.length
      ? renderTable(
          ['NAME', 'DISPLAY NAME', 'MAIN BRANCH', 'REPOSITORY'],
          list.map((p) => [p.name, p.displayName, p.mainBranch ?? '-', p.repositoryUrl ?? '-']),
          { boxed: ctx.boxed },
        )
      : 'No pacticipants yet. They are created when pacts are published, or with: concord pacticipant create --name NAME',
  }
}
