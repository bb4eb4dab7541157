/**
 * @module versions
 * Application versions of a pacticipant, with their branches and tags. Domain types.
 */
import type { VersionRow } from './versions.table.js'

export interface Version {
  id: number
  pacticipantId: number
  number: string
  orderKey: string
  buildUrl: string | null
  createdAt: Date
}

export function toVersion(row: VersionRow): Version {
  return { id: row.id, pacticipantId: row.pacticipant_id, number: row.number, orderKey: row.order_key, buildUrl: row.build_url, createdAt: row.created_at }
}
