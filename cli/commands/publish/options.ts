/**
 * `concord publish`: flags and the pure argv → options step.
 */
import { type FlagSpec, type ParsedArgs, reader } from '../../args.js'
import { UsageError } from '../../errors.js'

export interface PublishOptions {
  paths: string[]
  version?: string | undefined
  branch?: string | undefined
  tags: string[]
  buildUrl?: string | undefined
  merge: boolean
}

export const PUBLISH_FLAGS: FlagSpec[] = [
  { name: 'consumer-app-version', short: 'a', type: 'string', valueName: 'VERSION', description: 'The consumer version (default: the git commit)' },
  { name: 'branch', type: 'string', valueName: 'BRANCH', description: 'The consumer version branch (default: the git branch)' },
  { name: 'tag', short: 't', type: 'string', multiple: true, valueName: 'TAG', description: 'Tag the consumer version (repeat for several)' },
  { name: 'build-url', type: 'string', valueName: 'URL', description: 'The CI build that produced the pacts' },
  { name: 'merge', type: 'boolean', description: 'Merge with an existing pact for the same version instead of replacing it' },
]

export function publishOptions(args: ParsedArgs): PublishOptions {
  const r = reader(args)
  if (!args.positionals.length) throw new UsageError('Name the pact files to publish: a directory, files or globs (e.g. concord publish ./pacts)')
  return {
    paths: args.positionals,
    version: r.string('consumer-app-version'),
    branch: r.string('branch'),
    tags: r.list('tag'),
    buildUrl: r.string('build-url'),
    merge: r.boolean('merge'),
  }
}
