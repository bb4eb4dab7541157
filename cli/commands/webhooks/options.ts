/**
 * `concord webhooks list | apply | retrigger`: flags and the pure argv → options steps.
 */
import { type FlagSpec, type ParsedArgs, reader } from '../../args.js'
import { UsageError } from '../../errors.js'

export interface WebhooksApplyOptions {
  file: string
  dryRun: boolean
  updateSecrets: boolean
}

export interface WebhooksRetriggerOptions {
  provider?: string | undefined
  consumer?: string | undefined
  dryRun: boolean
}

export const APPLY_FLAGS: FlagSpec[] = [
  { name: 'dry-run', type: 'boolean', description: 'Print what would change and change nothing' },
  {
    name: 'update-secrets',
    type: 'boolean',
    description: 'Also rewrite webhooks whose only difference may be a secret (the broker never shows secrets, so apply cannot compare them)',
  },
]

export const RETRIGGER_FLAGS: FlagSpec[] = [
  { name: 'provider', type: 'string', valueName: 'NAME', description: "Only this provider's pacts" },
  { name: 'consumer', type: 'string', valueName: 'NAME', description: "Only this consumer's pacts" },
  { name: 'dry-run', type: 'boolean', description: 'Count the deliveries it would make and make none' },
]

export function applyOptions(args: ParsedArgs): WebhooksApplyOptions {
  const [file, ...rest] = args.positionals
  if (!file) throw new UsageError('Name the webhooks file: concord webhooks apply webhooks.yaml [--dry-run]')
  if (rest.length) throw new UsageError(`Apply one file at a time; unexpected: ${rest.join(' ')}`)
  const r = reader(args)
  return { file, dryRun: r.boolean('dry-run'), updateSecrets: r.boolean('update-secrets') }
}

export function retriggerOptions(args: ParsedArgs): WebhooksRetriggerOptions {
  const r = reader(args)
  return { provider: r.string('provider'), consumer: r.string('consumer'), dryRun: r.boolean('dry-run') }
}
