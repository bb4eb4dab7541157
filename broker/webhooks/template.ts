/**
 * The `${pactbroker.*}` template parameters, as the Pact Broker documents them
 * (lib/pact_broker/webhooks/pact_and_verification_parameters.rb and docs.pact.io "webhooks"), and their
 * expansion in a webhook's URL, headers and body. Pure: the values are computed when the delivery is written.
 */

/** Every parameter, in the order the Pact Broker documents them. */
export const TEMPLATE_PARAMETERS = [
  'pactUrl',
  'verificationResultUrl',
  'consumerVersionNumber',
  'providerVersionNumber',
  'providerVersionTags',
  'providerVersionBranch',
  'providerVersionDescriptions',
  'consumerVersionTags',
  'consumerVersionBranch',
  'consumerName',
  'providerName',
  'githubVerificationStatus',
  'bitbucketVerificationStatus',
  'azureDevOpsVerificationStatus',
  'gitlabVerificationStatus',
  'consumerLabels',
  'providerLabels',
  'buildUrl',
  'eventName',
  'currentlyDeployedProviderVersionNumber',
] as const

export type TemplateParameter = (typeof TEMPLATE_PARAMETERS)[number]
export type TemplateParameters = Record<TemplateParameter, string>

/** What a delivery knows when it is written; everything else about the parameters follows from it. */
export interface ParameterFacts {
  eventName: string
  pactUrl: string | null
  consumerName: string | null
  providerName: string | null
  consumerVersionNumber: string | null
  consumerVersionTags: readonly string[]
  consumerVersionBranch: string | null
  providerVersionNumber: string | null
  providerVersionTags: readonly string[]
  providerVersionBranch: string | null
  providerVersionDescriptions: readonly string[]
  /** The verification the parameters describe (the one published, or the latest main-branch one for a pact event). */
  verification: { url: string; success: boolean } | null
  buildUrl: string | null
  currentlyDeployedProviderVersionNumber: string | null
  consumerLabels: readonly string[]
  providerLabels: readonly string[]
}

/** The statuses each CI system's API takes: what the verification result means to GitHub, GitLab, Bitbucket, Azure DevOps. */
function statuses(verification: ParameterFacts['verification']) {
  if (!verification) return { github: 'pending', bitbucket: 'INPROGRESS', azure: 'pending', gitlab: 'pending' }
  return verification.success
    ? { github: 'success', bitbucket: 'SUCCESSFUL', azure: 'succeeded', gitlab: 'success' }
    : { github: 'failure', bitbucket: 'FAILED', azure: 'failed', gitlab: 'failed' }
}

/** The provider-version facts of an event that names none yet (a pact event, a test execution): every one empty. */
export function noProviderVersion(): Pick<
  ParameterFacts,
  | 'providerVersionNumber'
  | 'providerVersionTags'
  | 'providerVersionBranch'
  | 'providerVersionDescriptions'
  | 'verification'
  | 'currentlyDeployedProviderVersionNumber'
> {
  return {
    providerVersionNumber: null,
    providerVersionTags: [],
    providerVersionBranch: null,
    providerVersionDescriptions: [],
    verification: null,
    currentlyDeployedProviderVersionNumber: null,
  }
}

/** @example templateParameters({ eventName: 'contract_published', consumerName: 'web', ... }).consumerName // 'web' */
export function templateParameters(facts: ParameterFacts): TemplateParameters {
  const status = statuses(facts.verification)
  return {
    pactUrl: facts.pactUrl ?? '',
    verificationResultUrl: facts.verification?.url ?? '',
    consumerVersionNumber: facts.consumerVersionNumber ?? '',
    providerVersionNumber: facts.providerVersionNumber ?? '',
    providerVersionTags: facts.providerVersionTags.join(', '),
    providerVersionBranch: facts.providerVersionBranch ?? '',
    providerVersionDescriptions: facts.providerVersionDescriptions.join(', '),
    consumerVersionTags: facts.consumerVersionTags.join(', '),
    consumerVersionBranch: facts.consumerVersionBranch ?? '',
    consumerName: facts.consumerName ?? '',
    providerName: facts.providerName ?? '',
    githubVerificationStatus: status.github,
    bitbucketVerificationStatus: status.bitbucket,
    azureDevOpsVerificationStatus: status.azure,
    gitlabVerificationStatus: status.gitlab,
    consumerLabels: facts.consumerLabels.join(', '),
    providerLabels: facts.providerLabels.join(', '),
    buildUrl: facts.buildUrl ?? '',
    eventName: facts.eventName,
    currentlyDeployedProviderVersionNumber: facts.currentlyDeployedProviderVersionNumber ?? '',
  }
}

const PARAMETER = /\$\{pactbroker\.([A-Za-z]+)\}/g

/** Whether `text` uses a `${pactbroker.*}` parameter. */
export function hasParameter(text: string): boolean {
  return new RegExp(PARAMETER.source).test(text)
}

/**
 * Expands every known parameter; an unknown one is left as it is (as the Pact Broker does). `escape` applies to
 * each value (encodeURIComponent for the URL's query, JSON string escaping inside a JSON body).
 */
export function render(text: string, params: Partial<TemplateParameters>, escape: (value: string) => string = (v) => v): string {
  return text.replace(PARAMETER, (whole, name: string) => {
    const value = (params as Record<string, string | undefined>)[name]
    return value === undefined ? whole : escape(value)
  })
}

/** A URL with its parameters expanded, each value percent-encoded (the Pact Broker CGI-escapes them the same way). */
export function renderUrl(url: string, params: Partial<TemplateParameters>): string {
  return render(url, params, encodeURIComponent)
}

/** A JSON body (any JSON value) with parameters expanded inside every string, keys included. */
export function renderJson(value: unknown, params: Partial<TemplateParameters>): unknown {
  if (typeof value === 'string') return render(value, params)
  if (Array.isArray(value)) return value.map((item) => renderJson(item, params))
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [render(k, params), renderJson(v, params)]))
  }
  return value
}
