/**
 * Environment resources in the Pact Broker's HAL shape. The CLI `unwrap()`s uuid, name, displayName and
 * production in lists, and both currently-deployed/-supported links on one environment.
 */
import { compact, formatDate } from '../http/hal.js'
import type { Links } from '../http/links.js'
import type { Environment } from './environment.js'

/** The environment's fields without links: embedded in deployed/released versions and matrix rows. */
export function environmentFields(env: Environment) {
  return {
    uuid: env.uuid,
    name: env.name,
    displayName: env.displayName,
    production: env.production,
    createdAt: formatDate(env.createdAt),
  }
}

export function environmentSelfLink(env: Environment, links: Links) {
  return { title: 'Environment', name: env.name, href: links.environment(env.uuid) }
}

export function toEnvironmentResource(env: Environment, links: Links) {
  return compact({
    ...environmentFields(env),
    contacts: env.contacts.length ? env.contacts : null,
    updatedAt: formatDate(env.updatedAt),
    _links: {
      self: environmentSelfLink(env, links),
      'pb:currently-deployed-deployed-versions': {
        title: `Versions currently deployed to ${env.displayName} environment`,
        href: links.currentlyDeployed(env.uuid),
      },
      'pb:currently-supported-released-versions': {
        title: `Versions released and supported in ${env.displayName} environment`,
        href: links.currentlySupported(env.uuid),
      },
      'pb:environments': { title: 'Environments', href: links.environments() },
    },
  })
}

export function toEnvironmentsResource(envs: Environment[], links: Links) {
  return {
    _embedded: { environments: envs.map((env) => toEnvironmentResource(env, links)) },
    _links: {
      self: { title: 'Environments', href: links.environments() },
      'pb:create': { title: 'Create an environment', href: links.environments() },
      'pb:environments': envs.map((env) => environmentSelfLink(env, links)),
    },
  }
}
