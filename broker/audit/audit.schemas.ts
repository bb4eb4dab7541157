/** Query parameters of GET /audit (PactFlow's names where they exist: since, type, sort, from, pageSize). */
import { z } from 'zod'

const dateTime = z
  .string()
  .refine((s) => !Number.isNaN(Date.parse(s)), 'must be an ISO-8601 date or date-time, e.g. 2026-12-01T00:00:00Z')
  .transform((s) => new Date(s))

export const auditQuerySchema = z.object({
  since: dateTime.optional(),
  until: dateTime.optional(),
  actor: z.string().min(1).optional(),
  pacticipant: z.string().min(1).optional(),
  type: z.string().min(1).optional(),
  outcome: z.enum(['accepted', 'refused', 'failed'], { errorMap: () => ({ message: 'must be accepted, refused or failed' }) }).optional(),
  from: z.string().uuid('must be the uuid of an audit event (the last one already read)').optional(),
  sort: z
    .enum(['+timestamp', ' timestamp', 'timestamp', '-timestamp'], { errorMap: () => ({ message: 'must be +timestamp (oldest first) or -timestamp' }) })
    .optional()
    .transform((s) => (s === '-timestamp' ? ('desc' as const) : ('asc' as const))),
  pageSize: z
    .string()
    .regex(/^\d+$/, 'must be a whole number from 1 to 100')
    .transform(Number)
    .refine((n) => n >= 1 && n <= 100, 'must be a whole number from 1 to 100')
    .optional()
    .transform((n) => n ?? 100),
})
