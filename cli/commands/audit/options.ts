/**
 * `concord audit`: flags and the pure argv → options step.
 */
import { type FlagSpec, type ParsedArgs, reader } from '../../args.js'
import { UsageError } from '../../errors.js'

export interface AuditOptions {
  since?: string | undefined
  until?: string | undefined
  actor?: string | undefined
  pacticipant?: string | undefined
  type?: string | undefined
  outcome?: 'accepted' | 'refused' | 'failed' | undefined
  newestFirst: boolean
  /** Most events to print; 0 = every one (all pages). */
  limit: number
  /** One JSON object per line (for export), instead of a table. */
  jsonLines: boolean
}

export const AUDIT_FLAGS: FlagSpec[] = [
  { name: 'since', type: 'string', valueName: 'DATE', description: 'Events at or after this ISO-8601 date or date-time' },
  { name: 'until', type: 'string', valueName: 'DATE', description: 'Events before this ISO-8601 date or date-time' },
  { name: 'actor', type: 'string', valueName: 'NAME', description: 'Events by this token or user' },
  { name: 'pacticipant', type: 'string', valueName: 'NAME', description: 'Events concerning this pacticipant' },
  { name: 'type', type: 'string', valueName: 'TYPE', description: 'Events of this type, e.g. deployment.recorded' },
  { name: 'outcome', type: 'string', valueName: 'OUTCOME', description: 'accepted, refused or failed' },
  { name: 'newest-first', type: 'boolean', description: 'Newest events first (default: oldest first)' },
  { name: 'limit', type: 'number', valueName: 'N', description: 'Print at most N events (default 100; 0 = all)' },
  { name: 'jsonl', type: 'boolean', description: 'Print one JSON object per line (JSON lines), for export' },
]

function date(value: string | undefined, flag: string): string | undefined {
  if (value === undefined) return undefined
  if (Number.isNaN(Date.parse(value))) throw new UsageError(`--${flag} must be an ISO-8601 date or date-time, e.g. 2026-12-01, not '${value}'`)
  return new Date(value).toISOString()
}

export function auditOptions(args: ParsedArgs): AuditOptions {
  const r = reader(args)
  const outcome = r.string('outcome')
  if (outcome !== undefined && !['accepted', 'refused', 'failed'].includes(outcome))
    throw new UsageError(`--outcome must be accepted, refused or failed, not '${outcome}'`)
  const limit = r.number('limit') ?? 100
  if (!Number.isInteger(limit) || limit < 0) throw new UsageError(`--limit must be a whole number (0 = all), not ${limit}`)
  return {
    since: date(r.string('since'), 'since'),
    until: date(r.string('until'), 'until'),
    actor: r.string('actor'),
    pacticipant: r.string('pacticipant'),
    type: r.string('type'),
    outcome: outcome as AuditOptions['outcome'],
    newestFirst: r.boolean('newest-first'),
    limit,
    jsonLines: r.boolean('jsonl'),
  }
}
