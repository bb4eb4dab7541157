/**
 * @module index
 * `GET /`: the HAL index the official clients navigate from. Relation names and hrefs follow the Pact Broker
 * (see docs/api/index.md); clients expand `{placeholders}` themselves.
 */
import type { BrokerDeps } from '../deps.js'
import { type Link, sendHal } from '../http/hal.js'
import { baseUrlOf } from '../http/links.js'
import { Router } from '../http/routing.js'

export function indexLinks(b: string): Record<string, Link | Link[]> {
  const t = (href: string, title: string): Link => ({ href, title, templated: true })
  const l = (href: string, title: string): Link => ({ href, title, templated: false })
  return {
    self: l(b, 'Index'),
    'pb:publish-pact': t(`${b}/pacts/provider/{provider}/consumer/{consumer}/version/{consumerApplicationVersion}`, 'Publish a pact'),
    'pb:publish-contracts': l(`${b}/contracts/publish`, 'Publish contracts'),
    'pb:latest-pact-versions': l(`${b}/pacts/latest`, 'Latest pact versions'),
    'pb:tagged-pact-versions': t(
      `${b}/pacts/provider/{provider}/consumer/{consumer}/tag/{tag}`,
      'All versions of a pact for a given consumer, provider and consumer version tag',
    ),
    'pb:branch-pact-versions': t(
      `${b}/pacts/provider/{provider}/consumer/{consumer}/branch/{branch}`,
      'All versions of a pact for a given consumer, provider and consumer version branch',
    ),
    'pb:latest-branch-pact-versions': t(
      `${b}/pacts/provider/{provider}/consumer/{consumer}/branch/{branch}/latest/versions`,
      'Latest versions of a pact for a given consumer, provider and consumer version branch',
    ),
    'pb:main-branch-pact-versions': t(
      `${b}/pacts/provider/{provider}/consumer/{consumer}/branch/versions`,
      'All versions of a pact for a given consumer, provider and consumer main branch',
    ),
    'pb:latest-main-branch-pact-versions': t(
      `${b}/pacts/provider/{provider}/consumer/{consumer}/branch/latest/versions`,
      'Latest versions of a pact for a given consumer, provider and consumer main branch',
    ),
    'pb:provider-pacts-with-main-branch': t(`${b}/pacts/provider/{provider}/branch`, "All pact versions for the provider from each consumer's main branch"),
    'pb:provider-pacts-with-branch': t(
      `${b}/pacts/provider/{provider}/branch/{branch}`,
      'All pact versions for the provider with the specified consumer version branch',
    ),
    'pb:latest-provider-pacts-with-main-branch': t(
      `${b}/pacts/provider/{provider}/branch/latest`,
      "Latest pact versions for the provider from each consumer's main branch",
    ),
    'pb:latest-provider-pacts-with-branch': t(
      `${b}/pacts/provider/{provider}/branch/{branch}/latest`,
      'Latest pact versions for the provider with the specified consumer version branch',
    ),
    'pb:pacticipants': l(`${b}/pacticipants`, 'Pacticipants'),
    'pb:pacticipant': t(`${b}/pacticipants/{pacticipant}`, 'Fetch pacticipant by name'),
    'pb:latest-provider-pacts': t(`${b}/pacts/provider/{provider}/latest`, 'Latest pacts by provider'),
    'pb:latest-provider-pacts-with-tag': t(`${b}/pacts/provider/{provider}/latest/{tag}`, 'Latest pacts for provider with the specified tag'),
    'pb:provider-pacts-with-tag': t(`${b}/pacts/provider/{provider}/tag/{tag}`, 'All pact versions for the provider with the specified consumer version tag'),
    'pb:provider-pacts': t(`${b}/pacts/provider/{provider}`, 'All pact versions for the specified provider'),
    'pb:latest-version': t(`${b}/pacticipants/{pacticipant}/latest-version`, 'Latest pacticipant version'),
    'pb:latest-tagged-version': t(`${b}/pacticipants/{pacticipant}/latest-version/{tag}`, 'Latest pacticipant version with the specified tag'),
    'pb:pacticipant-version-tag': t(`${b}/pacticipants/{pacticipant}/versions/{version}/tags/{tag}`, 'Get, create or delete a tag for a pacticipant version'),
    'pb:pacticipant-branch': t(`${b}/pacticipants/{pacticipant}/branches/{branch}`, 'Get or delete a pacticipant branch'),
    'pb:pacticipant-branch-version': t(
      `${b}/pacticipants/{pacticipant}/branches/{branch}/versions/{version}`,
      'Get or add/create a pacticipant version for a branch',
    ),
    'pb:pacticipant-version': t(`${b}/pacticipants/{pacticipant}/versions/{version}`, 'Get, create or delete a pacticipant version'),
    'pb:matrix': l(`${b}/matrix`, 'The matrix of consumer and provider versions and verification results'),
    'pb:can-i-deploy-pacticipant-version-to-tag': t(
      `${b}/can-i-deploy?pacticipant={pacticipant}&version={version}&to={tag}`,
      'Determine if an application version can be safely deployed to an environment identified by the given tag',
    ),
    'pb:can-i-deploy-pacticipant-version-to-environment': t(
      `${b}/can-i-deploy?pacticipant={pacticipant}&version={version}&environment={environment}`,
      'Determine if an application version can be safely deployed to an environment',
    ),
    'pb:provider-pacts-for-verification': t(`${b}/pacts/provider/{provider}/for-verification`, 'Pact versions to be verified for the specified provider'),
    'beta:provider-pacts-for-verification': {
      name: 'beta',
      href: `${b}/pacts/provider/{provider}/for-verification`,
      title: 'DEPRECATED - please use pb:provider-pacts-for-verification',
      templated: true,
    },
    'pb:environments': l(`${b}/environments`, 'Environments'),
    'pb:environment': t(`${b}/environments/{uuid}`, 'Environment'),
    'pf:publish-provider-contract': t(
      `${b}/provider-contracts/provider/{provider}/publish`,
      'Publish a provider contract (OpenAPI or JSON Schema description)',
    ),
    curies: [
      { name: 'pb', href: `${b}/doc/{rel}?context=index`, templated: true },
      { name: 'beta', href: `${b}/doc/{rel}?context=index`, templated: true },
    ],
  }
}

const HTML_PLACEHOLDER = (base: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Concord broker</title></head>
<body><h1>Concord broker</h1><p>This broker speaks the Pact Broker HTTP API. Point the Pact CLI or the pact-js
Verifier at <code>${base}</code>, or request this URL with <code>Accept: application/hal+json</code> to browse it.</p></body></html>`

export function indexRoutes(_deps: BrokerDeps): Router {
  const router = Router()
  router.get('/', (req, res) => {
    const base = baseUrlOf(req)
    // Browsers ask for HTML first; API clients send hal+json/json or nothing (→ JSON).
    const preferred = req.accepts(['application/hal+json', 'application/json', 'text/html'])
    if (preferred === 'text/html' && !req.headers.accept?.includes('json')) {
      res.status(200).type('text/html').send(HTML_PLACEHOLDER(base))
      return
    }
    sendHal(res, 200, { _links: indexLinks(base) })
  })
  return router
}
