/**
 * `concord record-deployment | record-undeployment | record-release | record-support-ended`: tell the broker
 * what runs where, navigating from the version and environment resources as the Pact CLI does.
 */
import type { DeploymentOptions, ReleaseOptions, UndeploymentOptions } from './options.js'
import type { CommandContext, CommandResult } from '../../context.js'
import { ExitError } from '../../errors.js'

const instanceText = (instance: string | undefined) => (instance ? ` (instance ${instance})` : '')

export async function recordDeployment(o: DeploymentOptions, ctx: CommandContext): Promise<CommandResult> {
  const deployed = await ctx.client().recordDeployment(o)
  return {
    data: {
      pacticipant: o.pacticipant,
      version: o.version,
      environment: o.environment,
      applicationInstance: o.applicationInstance ?? null,
      uuid: deployed.uuid,
      currentlyDeployed: deployed.currentlyDeployed,
    },
    text: ctx.style.green(`Recorded deployment of ${o.pacticipant} version ${o.version} to ${o.environment}${instanceText(o.applicationInstance)}.`),
  }
}

export async function recordUndeployment(o: UndeploymentOptions, ctx: CommandContext): Promise<CommandResult> {
  const undeployed = await ctx.client().recordUndeployment(o)
  if (!undeployed.length) {
    throw new ExitError(
      `${o.pacticipant} is not currently deployed to ${o.environment}${instanceText(o.applicationInstance)}, so there is nothing to undeploy.`,
    )
  }
  const versions = undeployed.map((d) => (d._embedded as { version?: { number?: string } } | undefined)?.version?.number).filter((v): v is string => !!v)
  return {
    data: {
      pacticipant: o.pacticipant,
      environment: o.environment,
      applicationInstance: o.applicationInstance ?? null,
      undeployed: undeployed.map((d, i) => ({ uuid: d.uuid, version: versions[i] ?? null })),
    },
    text: ctx.style.green(
      `Recorded undeployment of ${o.pacticipant}${versions.length ? ` version ${versions.join(', ')}` : ''} from ${o.environment}${instanceText(o.applicationInstance)}.`,
    ),
  }
}

export async function recordRelease(o: ReleaseOptions, ctx: CommandContext): Promise<CommandResult> {
  const released = await ctx.client().recordRelease(o)
  return {
    data: { pacticipant: o.pacticipant, version: o.version, environment: o.environment, uuid: released.uuid, currentlySupported: released.currentlySupported },
    text: ctx.style.green(`Recorded release of ${o.pacticipant} version ${o.version} to ${o.environment}.`),
  }
}

export async function recordSupportEnded(o: ReleaseOptions, ctx: CommandContext): Promise<CommandResult> {
  const ended = await ctx.client().recordSupportEnded(o)
  if (!ended.length)
    throw new ExitError(`${o.pacticipant} version ${o.version} is not a currently supported release in ${o.environment}, so there is no support to end.`)
  return {
    data: { pacticipant: o.pacticipant, version: o.version, environment: o.environment, uuids: ended.map((r) => r.uuid) },
    text: ctx.style.green(`Recorded that support ended for ${o.pacticipant} version ${o.version} in ${o.environment}.`),
  }
}
