/**
 * `concord token create | list | revoke`: flags and the pure argv → options steps.
 */
import { type FlagSpec, type ParsedArgs, reader } from '../../args.js'
import { UsageError } from '../../errors.js'

export interface TokenCreateOptions {
  name: string
  role: 'read' | 'write' | 'admin'
  expiresAt?: string | undefined
  pacticipants?: string[] | undefined
}

export interface TokenListOptions {
  includeRevoked: boolean
}

export interface TokenRevokeOptions {
  uuid: string
}

export const CREATE_FLAGS: FlagSpec[] = [
  { name: 'name', type: 'string', valueName: 'NAME', description: 'What the token is for, e.g. users-ci (shown in the audit trail)' },
  { name: 'role', type: 'string', valueName: 'ROLE', description: 'read, write (CI) or admin' },
  { name: 'expires-at', type: 'string', valueName: 'DATE', description: 'ISO-8601 date or date-time after which the token stops working' },
  { name: 'pacticipant', type: 'string', multiple: true, valueName: 'NAME', description: 'A write token may only write for these pacticipants (repeatable)' },
]

export const LIST_FLAGS: FlagSpec[] = [{ name: 'include-revoked', type: 'boolean', description: 'List revoked tokens too' }]

export function createOptions(args: ParsedArgs): TokenCreateOptions {
  const r = reader(args)
  const role = r.required('role', 'read, write or admin')
  if (!['read', 'write', 'admin'].includes(role)) throw new UsageError(`--role must be read, write or admin, not '${role}'`)
  const expiresAt = r.string('expires-at')
  if (expiresAt !== undefined && Number.isNaN(Date.parse(expiresAt)))
    throw new UsageError(`--expires-at must be an ISO-8601 date, e.g. 2027-06-30, not '${expiresAt}'`)
  const pacticipants = r.list('pacticipant')
  if (pacticipants.length && role !== 'write') throw new UsageError('--pacticipant scopes write tokens only; read and admin tokens act on every pacticipant')
  return {
    name: r.required('name', 'what the token is for, e.g. users-ci'),
    role: role as TokenCreateOptions['role'],
    expiresAt: expiresAt === undefined ? undefined : new Date(expiresAt).toISOString(),
    pacticipants: pacticipants.length ? pacticipants : undefined,
  }
}

export function listOptions(args: ParsedArgs): TokenListOptions {
  return { includeRevoked: reader(args).boolean('include-revoked') }
}

export function revokeOptions(args: ParsedArgs): TokenRevokeOptions {
  const [uuid, ...rest] = args.positionals
  if (!uuid) throw new UsageError('Name the token to revoke by its uuid: concord token revoke UUID (concord token list shows them)')
  if (rest.length) throw new UsageError(`Revoke one token at a time; unexpected: ${rest.join(' ')}`)
  return { uuid }
}
