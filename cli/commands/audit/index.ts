/**
 * `concord audit`: the broker's audit trail (admin only), as a table or JSON lines, following the pages.
 */
import type { AuditEvent } from '../../../lib/broker-client/index.js'
import type { CommandContext, CommandResult } from '../../context.js'
import { renderTable } from '../../output/table.js'
import type { AuditOptions } from './options.js'

export async function run(o: AuditOptions, ctx: CommandContext): Promise<CommandResult> {
  const client = ctx.client()
  const events: AuditEvent[] = []
  let from: string | undefined
  for (;;) {
    const want = o.limit === 0 ? 100 : Math.min(100, o.limit - events.length)
    const page = await client.auditEvents({
      since: o.since,
      until: o.until,
      actor: o.actor,
      pacticipant: o.pacticipant,
      type: o.type,
      outcome: o.outcome,
      sort: o.newestFirst ? '-timestamp' : '+timestamp',
      pageSize: want,
      from,
    })
    events.push(...page.events)
    if (!page.next || (o.limit !== 0 && events.length >= o.limit)) break
    from = page.next
  }
  if (o.jsonLines) return { data: { events }, text: events.map((e) => JSON.stringify(e)).join('\n') }
  return {
    data: { events },
    text: events.length
      ? renderTable(
          ['TIME', 'ACTOR', 'TYPE', 'OUTCOME', 'PACTICIPANTS', 'REQUEST'],
          events.map((e) => [e.timestamp, e.actor, e.type, e.outcome, e.pacticipants.join(', '), `${e.payload.method ?? ''} ${e.payload.path ?? ''}`.trim()]),
          { boxed: ctx.boxed },
        )
      : 'No audit events match.',
  }
}
