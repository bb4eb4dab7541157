/**
 * `concord environment create | list | show | delete`: flags and the pure argv → options steps.
 */
import { type FlagSpec, type ParsedArgs, reader } from '../../args.js'
import { UsageError } from '../../errors.js'

export interface EnvironmentCreateOptions {
  name: string
  displayName?: string | undefined
  production: boolean
  contactName?: string | undefined
  contactEmail?: string | undefined
}

export interface EnvironmentRefOptions {
  uuid?: string | undefined
  name?: string | undefined
}

export const CREATE_FLAGS: FlagSpec[] = [
  { name: 'name', type: 'string', valueName: 'NAME', description: 'Name used by commands (no spaces)' },
  { name: 'display-name', type: 'string', valueName: 'TEXT', description: 'Readable name' },
  { name: 'production', type: 'boolean', description: 'Mark it as a production environment' },
  { name: 'contact-name', type: 'string', valueName: 'NAME', description: 'Team or person responsible' },
  { name: 'contact-email-address', type: 'string', valueName: 'EMAIL', description: "The contact's email" },
]

export const REF_FLAGS: FlagSpec[] = [
  { name: 'name', type: 'string', valueName: 'NAME', description: 'The environment name' },
  { name: 'uuid', type: 'string', valueName: 'UUID', description: 'The environment uuid' },
]

export function createOptions(args: ParsedArgs): EnvironmentCreateOptions {
  const r = reader(args)
  if (r.string('contact-email-address') && !r.string('contact-name')) throw new UsageError('--contact-email-address needs --contact-name')
  return {
    name: r.required('name'),
    displayName: r.string('display-name'),
    production: r.boolean('production'),
    contactName: r.string('contact-name'),
    contactEmail: r.string('contact-email-address'),
  }
}

/** show and delete: the environment by name or uuid. */
export function refOptions(args: ParsedArgs): EnvironmentRefOptions {
  const r = reader(args)
  const uuid = r.string('uuid')
  const name = r.string('name')
  if (!uuid && !name) throw new UsageError('Name the environment with --name NAME or --uuid UUID')
  if (uuid && name) throw new UsageError('Give --name or --uuid, not both')
  return { uuid, name }
}
