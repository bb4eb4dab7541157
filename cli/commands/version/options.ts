/**
 * `concord version tag`: flags and the pure argv → options step.
 */
import { type FlagSpec, type ParsedArgs, reader } from '../../args.js'
import { UsageError } from '../../errors.js'

export interface VersionTagOptions {
  pacticipant: string
  version: string
  tags: string[]
  autoCreateVersion: boolean
}

export const TAG_FLAGS: FlagSpec[] = [
  { name: 'pacticipant', short: 'a', type: 'string', valueName: 'NAME', description: 'The application' },
  { name: 'version', short: 'e', type: 'string', valueName: 'VERSION', description: 'The version to tag' },
  { name: 'tag', short: 't', type: 'string', multiple: true, valueName: 'TAG', description: 'Tag to add (repeat for several)' },
  { name: 'auto-create-version', type: 'boolean', description: 'Create the version if the broker does not have it' },
]

export function tagOptions(args: ParsedArgs): VersionTagOptions {
  const r = reader(args)
  const tags = r.list('tag')
  if (!tags.length) throw new UsageError('--tag is required: the tag to add (repeat for several)')
  return { pacticipant: r.required('pacticipant'), version: r.required('version'), tags, autoCreateVersion: r.boolean('auto-create-version') }
}
