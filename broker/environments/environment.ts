/**
 * @module environments
 * Environments (test, production, …) and what is deployed to or released in them. Domain types and pure rules.
 */
import { generateDisplayName } from '../shared/display-name.js'
import type { EnvironmentRow } from './environments.table.js'

export interface Contact {
  name: string
  details?: Record<string, unknown>
  [extra: string]: unknown
}

export interface Environment {
  id: number
  uuid: string
  name: string
  displayName: string
  production: boolean
  contacts: Contact[]
  createdAt: Date
  updatedAt: Date
}

export function toEnvironment(row: EnvironmentRow): Environment {
  return {
    id: row.id,
    uuid: row.uuid,
    name: row.name,
    displayName: row.display_name ?? generateDisplayName(row.name),
    production: row.production,
    contacts: Array.isArray(row.contacts) ? (row.contacts as Contact[]) : [],
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }
}
