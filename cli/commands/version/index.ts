/**
 * `concord version tag`: add tags to an application version.
 */
import type { VersionTagOptions } from './options.js'
import type { CommandContext, CommandResult } from '../../context.js'
import { ExitError } from '../../errors.js'

export async function tag(o: VersionTagOptions, ctx: CommandContext): Promise<CommandResult> {
  const client = ctx.client()
  if (!o.autoCreateVersion && !(await client.findVersion(o.pacticipant, o.version))) {
    throw new ExitError(`The broker has no version ${o.version} of ${o.pacticipant}: check the names, or pass --auto-create-version to create it.`)
  }
  for (const t of o.tags) await client.tagVersion(o.pacticipant, o.version, t)
  return {
    data: { pacticipant: o.pacticipant, version: o.version, tags: o.tags },
    text: ctx.style.green(`Tagged ${o.pacticipant} version ${o.version} with ${o.tags.join(', ')}`),
  }
}
