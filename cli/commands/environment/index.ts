/**
 * `concord environment create | list | show | delete`.
 */
import type { Environment } from '../../../lib/broker-client/index.js'
import type { EnvironmentCreateOptions, EnvironmentRefOptions } from './options.js'
import type { CommandContext, CommandResult } from '../../context.js'
import { renderTable } from '../../output/table.js'

/** The stable JSON of an environment (docs/cli.md). */
export function environmentJson(e: Environment) {
  return { uuid: e.uuid, name: e.name, displayName: e.displayName, production: e.production, contacts: e.contacts ?? [], createdAt: e.createdAt ?? null }
}

async function find(o: EnvironmentRefOptions, ctx: CommandContext): Promise<Environment> {
  const client = ctx.client()
  return o.uuid ? client.getEnvironment(o.uuid) : client.environmentByName(o.name!)
}

export async function create(o: EnvironmentCreateOptions, ctx: CommandContext): Promise<CommandResult> {
  const env = await ctx.client().createEnvironment({
    name: o.name,
    displayName: o.displayName,
    production: o.production,
    contacts: o.contactName ? [{ name: o.contactName, ...(o.contactEmail ? { details: { emailAddress: o.contactEmail } } : {}) }] : undefined,
  })
  return { data: environmentJson(env), text: ctx.style.green(`Created environment ${env.name}${env.production ? ' (production)' : ''} with uuid ${env.uuid}`) }
}

export async function list(_o: Record<string, never>, ctx: CommandContext): Promise<CommandResult> {
  const envs = await ctx.client().listEnvironments()
  return {
    data: { environments: envs.map(environmentJson) },
    text: envs.length
      ? renderTable(
          ['NAME', 'DISPLAY NAME', 'PRODUCTION', 'UUID'],
          envs.map((e) => [e.name, e.displayName, e.production ? 'yes' : 'no', e.uuid]),
          { boxed: ctx.boxed },
        )
      : 'No environments yet. Create one with: concord environment create --name NAME',
  }
}

export async function show(o: EnvironmentRefOptions, ctx: CommandContext): Promise<CommandResult> {
  const e = await find(o, ctx)
  const rows: [string, string][] = [
    ['Name', e.name],
    ['Display name', e.displayName],
    ['Production', e.production ? 'yes' : 'no'],
    ['UUID', e.uuid],
    ['Created', e.createdAt ?? '-'],
    ...(e.contacts ?? []).map((c): [string, string] => ['Contact', `${c.name}${c.details ? ` ${JSON.stringify(c.details)}` : ''}`]),
  ]
  return { data: environmentJson(e), text: rows.map(([k, v]) => `${(k + ':').padEnd(14)}${v}`).join('\n') }
}

export async function remove(o: EnvironmentRefOptions, ctx: CommandContext): Promise<CommandResult> {
  const e = await find(o, ctx)
  await ctx.client().deleteEnvironment(e.uuid)
  return { data: { deleted: environmentJson(e) }, text: ctx.style.green(`Deleted environment ${e.name} (${e.uuid})`) }
}
