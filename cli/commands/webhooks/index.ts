/**
 * `concord webhooks list | apply | retrigger`: the broker's webhooks as a list, as code (a YAML file the broker is
 * made to match), and the re-fire of `contract_requiring_verification_published` (docs/cli.md, docs/webhooks.md).
 */
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import type { BrokerWebhook, WebhookScope } from '../../../lib/broker-client/index.js'
import { BrokerApiError } from '../../../lib/errors.js'
import type { CommandContext, CommandResult } from '../../context.js'
import { ExitError } from '../../errors.js'
import { renderTable } from '../../output/table.js'
import type { WebhooksApplyOptions, WebhooksRetriggerOptions } from './options.js'
import { type Change, planApply } from './plan.js'
import { parseWebhooksFile } from './webhooks-file.js'

const scopeText = (scope: WebhookScope | null | undefined) => (!scope ? 'any' : 'name' in scope ? scope.name : `label ${scope.label}`)

/** The stable JSON of a webhook in `concord webhooks list` (docs/cli.md); secrets stay masked. */
function webhookJson(w: BrokerWebhook) {
  return {
    uuid: w.uuid,
    description: w.description,
    enabled: w.enabled ?? true,
    consumer: w.consumer ?? null,
    provider: w.provider ?? null,
    events: (w.events ?? []).map((e) => e.name),
    method: w.request.method ?? 'POST',
    url: w.request.url,
  }
}

export async function list(_: Record<string, never>, ctx: CommandContext): Promise<CommandResult> {
  const webhooks = await ctx.client().listWebhooks()
  return {
    data: { webhooks: webhooks.map(webhookJson) },
    text: webhooks.length
      ? renderTable(
          ['UUID', 'DESCRIPTION', 'CONSUMER', 'PROVIDER', 'EVENTS', 'ENABLED', 'REQUEST'],
          webhooks.map((w) => {
            const j = webhookJson(w)
            return [j.uuid, j.description, scopeText(w.consumer), scopeText(w.provider), j.events.join(', '), j.enabled ? 'yes' : 'no', `${j.method} ${j.url}`]
          }),
          { boxed: ctx.boxed },
        )
      : 'No webhooks yet. Create them from a file with: concord webhooks apply webhooks.yaml',
  }
}

function changeLine(change: Change): string {
  const name = `'${change.description}' (${change.uuid})`
  if (change.action === 'create') return `+ create ${name}`
  if (change.action === 'delete') return `- delete ${name}`
  return `~ update ${name}: ${change.fields.join(', ')}`
}

function refused(change: Change, error: BrokerApiError, done: number): ExitError {
  const reasons = error.errors.length
    ? error.errors.map((e) => `${(e.pointer ?? '').replace(/^#?\//, '').replace(/\//g, '.') || 'webhook'}: ${e.detail}`)
    : [error.message]
  return new ExitError(
    [
      `The broker refused to ${change.action} the webhook '${change.description}' (${error.status} ${error.code}):`,
      ...reasons.map((r) => `  ${r}`),
      `${done} change(s) before it were made. Fix the file and run apply again: it picks up from where the broker is.`,
    ].join('\n'),
  )
}

export async function apply(o: WebhooksApplyOptions, ctx: CommandContext): Promise<CommandResult> {
  const file = path.resolve(ctx.cwd, o.file)
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    throw new ExitError(`Cannot read the webhooks file ${o.file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`)
  }
  const desired = parseWebhooksFile(text, o.file, ctx.env)
  const client = ctx.client()
  const plan = planApply(desired, await client.listWebhooks(), { updateSecrets: o.updateSecrets })

  let done = 0
  if (!o.dryRun) {
    for (const change of plan.changes) {
      try {
        if (change.action === 'delete') await client.deleteWebhook(change.uuid)
        else await client.putWebhook(change.uuid, change.definition)
      } catch (error) {
        if (error instanceof BrokerApiError && error.status < 500) throw refused(change, error, done)
        throw error
      }
      done++
    }
  }

  const count = (action: Change['action']) => plan.changes.filter((c) => c.action === action).length
  const summary = `${count('create')} to create, ${count('update')} to update, ${count('delete')} to delete, ${plan.unchanged.length} unchanged`
  const heading = !plan.changes.length
    ? ctx.style.green(`The broker's webhooks already match ${o.file} (${plan.unchanged.length} webhooks).`)
    : o.dryRun
      ? `Dry run: the broker's webhooks differ from ${o.file}; nothing was changed. ${summary}:`
      : ctx.style.green(
          `Applied ${o.file}: ${count('create')} created, ${count('update')} updated, ${count('delete')} deleted, ${plan.unchanged.length} unchanged.`,
        )
  return {
    data: {
      dryRun: o.dryRun,
      changes: plan.changes.map((c) => ({
        action: c.action,
        uuid: c.uuid,
        description: c.description,
        ...(c.action === 'update' ? { fields: c.fields } : {}),
      })),
      unchanged: plan.unchanged,
    },
    text: [heading, ...plan.changes.map(changeLine)].join('\n'),
  }
}

export async function retrigger(o: WebhooksRetriggerOptions, ctx: CommandContext): Promise<CommandResult> {
  const result = await ctx.client().retriggerWebhooks(o)
  const scope = [o.provider && `provider ${o.provider}`, o.consumer && `consumer ${o.consumer}`].filter(Boolean).join(' and ')
  const pacts = `${result.pacts} pact${result.pacts === 1 ? '' : 's'}${scope ? ` of ${scope}` : ''}`
  return {
    data: result,
    text: result.dryRun
      ? `Dry run: ${result.deliveries} deliveries of contract_requiring_verification_published would be made for ${pacts}; nothing was sent.`
      : result.deliveries
        ? ctx.style.green(`Fired contract_requiring_verification_published again: ${result.deliveries} deliveries for ${pacts} still lacking a verification.`)
        : `Nothing to fire: of ${pacts}, none lacks a verification a webhook would ask for.`,
  }
}
