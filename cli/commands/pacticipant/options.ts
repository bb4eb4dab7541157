/**
 * `concord pacticipant create | show | list`: flags and the pure argv → options steps.
 */
import { type FlagSpec, type ParsedArgs, reader } from '../../args.js'

export interface PacticipantCreateOptions {
  name: string
  displayName?: string | undefined
  mainBranch?: string | undefined
  repositoryUrl?: string | undefined
}

export const CREATE_FLAGS: FlagSpec[] = [
  { name: 'name', type: 'string', valueName: 'NAME', description: 'The application name' },
  { name: 'display-name', type: 'string', valueName: 'TEXT', description: 'Readable name' },
  { name: 'main-branch', type: 'string', valueName: 'BRANCH', description: 'Its main branch (e.g. main)' },
  { name: 'repository-url', type: 'string', valueName: 'URL', description: 'Its source repository' },
]

export const SHOW_FLAGS: FlagSpec[] = [{ name: 'name', type: 'string', valueName: 'NAME', description: 'The application name' }]

export function createOptions(args: ParsedArgs): PacticipantCreateOptions {
  const r = reader(args)
  return { name: r.required('name'), displayName: r.string('display-name'), mainBranch: r.string('main-branch'), repositoryUrl: r.string('repository-url') }
}

export function showOptions(args: ParsedArgs): { name: string } {
  return { name: reader(args).required('name') }
}
