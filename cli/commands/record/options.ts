/**
 * `concord record-deployment | record-undeployment | record-release | record-support-ended`: flags and the pure
 * argv → options steps.
 */
import { type FlagSpec, type ParsedArgs, reader } from '../../args.js'

export interface DeploymentOptions {
  pacticipant: string
  version: string
  environment: string
  applicationInstance?: string | undefined
}

export interface UndeploymentOptions {
  pacticipant: string
  environment: string
  applicationInstance?: string | undefined
}

export interface ReleaseOptions {
  pacticipant: string
  version: string
  environment: string
}

const environment: FlagSpec = { name: 'environment', type: 'string', valueName: 'ENV', description: 'The environment name' }

export const DEPLOYMENT_FLAGS: FlagSpec[] = [
  { name: 'pacticipant', short: 'a', type: 'string', valueName: 'NAME', description: 'The application deployed' },
  { name: 'version', short: 'e', type: 'string', valueName: 'VERSION', description: 'The version deployed' },
  environment,
  { name: 'application-instance', type: 'string', valueName: 'I', description: 'For several instances of one application in one environment' },
]

export const UNDEPLOYMENT_FLAGS: FlagSpec[] = [
  { name: 'pacticipant', short: 'a', type: 'string', valueName: 'NAME', description: 'The application undeployed' },
  environment,
  { name: 'application-instance', type: 'string', valueName: 'I', description: 'Only this instance' },
]

export const RELEASE_FLAGS: FlagSpec[] = [
  { name: 'pacticipant', short: 'a', type: 'string', valueName: 'NAME', description: 'The application released' },
  { name: 'version', short: 'e', type: 'string', valueName: 'VERSION', description: 'The version released' },
  environment,
]

export const SUPPORT_ENDED_FLAGS: FlagSpec[] = [
  { name: 'pacticipant', short: 'a', type: 'string', valueName: 'NAME', description: 'The application' },
  { name: 'version', short: 'e', type: 'string', valueName: 'VERSION', description: 'The released version' },
  environment,
]

export function deploymentOptions(args: ParsedArgs): DeploymentOptions {
  const r = reader(args)
  return {
    pacticipant: r.required('pacticipant'),
    version: r.required('version'),
    environment: r.required('environment'),
    applicationInstance: r.string('application-instance'),
  }
}

export function undeploymentOptions(args: ParsedArgs): UndeploymentOptions {
  const r = reader(args)
  return { pacticipant: r.required('pacticipant'), environment: r.required('environment'), applicationInstance: r.string('application-instance') }
}

/** record-release and record-support-ended. */
export function releaseOptions(args: ParsedArgs): ReleaseOptions {
  const r = reader(args)
  return { pacticipant: r.required('pacticipant'), version: r.required('version'), environment: r.required('environment') }
}
