/**
 * Can I deploy? `/can-i-deploy?pacticipant=…&version=…&environment=…` (the URL the HAL API answers for clients):
 * pick a version and an environment, or several versions deployed together, and read the answer with every
 * reason in plain words, each row behind it linked to its integration. Same question, same services and the same
 * deprecation gate as the API and the CLI, so a person sees what CI saw.
 */
import type { Request } from 'express'
import type { VNode } from 'preact'
import { deprecationGate } from '../../deprecations/deployment-check.js'
import type { BrokerDeps } from '../../deps.js'
import { listEnvironments } from '../../environments/environments.service.js'
import { queryValue } from '../../http/routing.js'
import { reasonLevel, reasonText } from '../../matrix/can-i-deploy.js'
import { parseCanIDeployQuery, parseMatrixQuery } from '../../matrix/matrix.schemas.js'
import { findMatrix, type MatrixResult } from '../../matrix/matrix.service.js'
import { DataTable, StatusBadge, When } from '../components.js'
import { Layout, type PageContext } from '../page.js'

interface Question {
  pacticipant: string
  version: string
  environment: string
  /** Other versions deployed at the same time, one "name version" per line. */
  also: string
}

/** "web 1.2.0" lines → pairs; blank lines are skipped. */
export function parseVersionLines(text: string): { pacticipant: string; version: string }[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const at = line.lastIndexOf(' ')
      return at > 0 ? { pacticipant: line.slice(0, at).trim(), version: line.slice(at + 1) } : { pacticipant: line, version: '' }
    })
}

export async function canIDeployPage(deps: BrokerDeps, req: Request, ctx: PageContext): Promise<VNode> {
  const question: Question = {
    pacticipant: (queryValue(req, 'pacticipant') ?? '').trim(),
    version: (queryValue(req, 'version') ?? '').trim(),
    environment: (queryValue(req, 'environment') ?? '').trim(),
    also: queryValue(req, 'also') ?? '',
  }
  const environments = await listEnvironments(deps)
  const versions = [{ pacticipant: question.pacticipant, version: question.version }, ...parseVersionLines(question.also)].filter((v) => v.pacticipant)
  let result: MatrixResult | null = null
  if (versions.length > 0 && question.environment && versions.every((v) => v.version)) {
    const query =
      versions.length === 1
        ? parseCanIDeployQuery({ pacticipant: question.pacticipant, version: question.version, environment: question.environment })
        : parseMatrixQuery({
            q: versions.map((v) => ({ pacticipant: v.pacticipant, version: v.version })),
            latestby: 'cvpv',
            environment: question.environment,
          })
    result = await findMatrix({ ...deps, deploymentChecks: [deprecationGate] }, query)
  }
  return (
    <CanIDeploy ctx={ctx} question={question} environments={environments.map((e) => e.name)} result={result} incomplete={versions.some((v) => !v.version)} />
  )
}

function CanIDeploy({
  ctx,
  question,
  environments,
  result,
  incomplete,
}: {
  ctx: PageContext
  question: Question
  environments: string[]
  result: MatrixResult | null
  incomplete: boolean
}): VNode {
  const { links } = ctx
  const summary = result?.decision.summary
  const verdict = summary ? (summary.deployable === true ? 'yes' : summary.deployable === false ? 'no' : 'unknown') : null
  const what = result ? result.selectors.filter((s) => s.type === 'specified').map((s) => `${s.pacticipantName} ${s.versionNumber ?? '(unknown version)'}`) : []
  return (
    <Layout ctx={ctx} title="Can I deploy?">
      <h1>Can I deploy?</h1>
      <form method="get" action={links.canIDeploy()} class="filters">
        <div class="field">
          <label for="pacticipant">Application</label>
          <input id="pacticipant" name="pacticipant" value={question.pacticipant} required autocomplete="off" />
        </div>
        <div class="field">
          <label for="version">Version</label>
          <input id="version" name="version" value={question.version} required autocomplete="off" />
        </div>
        <div class="field">
          <label for="environment">To environment</label>
          <select id="environment" name="environment" required>
            {environments.length === 0 && <option value="">no environments yet</option>}
            {environments.map((name) => (
              <option key={name} value={name} selected={question.environment === name}>
                {name}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="also">Deployed together with (optional, one “name version” a line)</label>
          <textarea id="also" name="also" rows={2}>
            {question.also}
          </textarea>
        </div>
        <button type="submit">Ask</button>
      </form>
      {incomplete && <p role="alert">Give a version for every application.</p>}
      {result && summary && verdict && (
        <section aria-labelledby="answer-heading" aria-live="polite">
          <div class={`answer ${verdict}`} id="answer">
            <h2 id="answer-heading" class="verdict">
              {verdict === 'yes' ? 'Yes' : verdict === 'no' ? 'No' : 'Not known yet'}: {what.join(' and ')}{' '}
              {verdict === 'yes' ? 'can' : verdict === 'no' ? 'cannot' : 'may not'} be deployed to {question.environment}
            </h2>
            <p>
              {summary.success} verified, {summary.failed} failed, {summary.unknown} unknown{summary.ignored ? `, ${summary.ignored} ignored` : ''}.
            </p>
          </div>
          <h2>Why</h2>
          <ul class="reasons">
            {result.decision.reasons.map((reason, i) => (
              <li key={i}>
                <StatusBadge status={reasonLevel(reason)} label={reasonLevel(reason)} /> {reasonText(reason)}
              </li>
            ))}
            {result.decision.notices
              .filter((n) => !result.decision.reasons.some((r) => reasonText(r) === n.text))
              .map((notice, i) => (
                <li key={`n${i}`}>
                  <StatusBadge status={notice.type} label={notice.type} /> {notice.text}
                </li>
              ))}
          </ul>
          <h2>The rows behind it</h2>
          {result.decision.considered.length === 0 ? (
            <p class="muted">No pact involves these versions and what is in {question.environment}.</p>
          ) : (
            <DataTable caption="Pacts and verifications considered" head={['Consumer', 'Provider', 'Result', 'Verified', 'Details']}>
              {result.decision.considered.map((row, i) => (
                <tr key={i}>
                  <td>
                    <a href={links.pacticipant(row.consumerName)}>{row.consumerName}</a> {row.consumerVersion.number}
                  </td>
                  <td>
                    <a href={links.pacticipant(row.providerName)}>{row.providerName}</a> {row.providerVersion?.number ?? <span class="muted">no version</span>}
                  </td>
                  <td>
                    {row.verification ? (
                      <StatusBadge status={row.verification.success ? 'verified' : 'failed'} />
                    ) : row.schema ? (
                      <StatusBadge status={row.schema.success ? 'compatible' : 'unknown'} label={`schema: ${row.schema.status}`} />
                    ) : (
                      <StatusBadge status="unverified" />
                    )}
                  </td>
                  <td>
                    <When at={row.verification?.verifiedAt ?? null} />
                  </td>
                  <td>
                    <a href={`${links.integration(row.providerName, row.consumerName)}?version=${encodeURIComponent(row.consumerVersion.number)}`}>
                      pact {row.consumerVersion.number}
                    </a>
                  </td>
                </tr>
              ))}
            </DataTable>
          )}
        </section>
      )}
    </Layout>
  )
}
