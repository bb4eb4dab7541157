/**
 * @module release-plans
 * Release trains: several versions going to one environment, in which order, which ones must go together, and
 * whether each step can be rolled back. Read-only, and built on the can-i-deploy pipeline rather than beside it:
 *
 * 1. one matrix question (`findMatrix`) names every train version *and* the versions of the same pacticipants now
 *    in the environment, so its rows hold every pair the plan can meet (new × now-there, new × new, new × the rest
 *    of the environment), with schema-level results where a provider has no verification;
 * 2. the matrix's deployment checks (the deprecations gate) run for each train version against the environment as
 *    it is now: a reason that names versions now there (`concerns`) is tied to those pacticipants;
 * 3. the state "these train members deployed, the others still at their current versions" is judged with the
 *    matrix's own pure decision (`decide`, can-i-deploy.ts) over the rows and selectors of that state — exactly what
 *    `can-i-deploy` with those versions and `--to-environment` answers — plus the check reasons that still apply;
 * 4. `planRelease` (release-plan.ts) orders the train with that judge.
 * The cost is one matrix question, plus the checks' statements per train version; everything after is in memory.
 */
import type { ResolvedSelector } from '../matrix/selectors.js'
import { type CheckReason, type Integration, type MatrixRow, decide, reasonLevel, reasonText } from '../matrix/can-i-deploy.js'
import { type MatrixDeps, type MatrixResult, findMatrix, runDeploymentChecks } from '../matrix/matrix.service.js'
import { ValidationError } from '../shared/errors.js'
import { type Judgement, type ReleasePlan, type Scope, type TrainVersion, planRelease } from './release-plan.js'

export interface ReleasePlanQuery {
  environment: string
  versions: TrainVersion[]
  /** `failOnSunset=true|false`: as can-i-deploy reads it; absent, the broker's sunset policy. */
  failOnSunset?: boolean
}

export interface ReleasePlanResult extends ReleasePlan {
  environment: string
  /** The versions of each train pacticipant in the environment now (what each step replaces). */
  current: Map<string, string[]>
}

interface TrainScope extends Scope {
  /** The integration the scope judges (absent: the train member's own version and checks). */
  integration?: Integration
  /** Check reasons the scope judges. */
  checks: CheckReason[]
}

const key = (consumerId: number, providerId: number) => `${consumerId}/${providerId}`

/**
 * Orders the versions of a release train into steps that each leave the environment deployable.
 * Throws ValidationError (400) for an unknown pacticipant or environment, or a pacticipant named twice.
 * @example const plan = await planReleaseTrain(deps, { environment: 'production', versions: [{ pacticipant: 'web', version: '1.4.0' }, { pacticipant: 'users', version: '2.1.0' }] })
 */
export async function planReleaseTrain(deps: MatrixDeps, query: ReleasePlanQuery): Promise<ReleasePlanResult> {
  const { environment, versions: train } = query
  const seen = new Set<string>()
  const twice = train.flatMap((v, i) => {
    if (!seen.has(v.pacticipant)) return (seen.add(v.pacticipant), [])
    return [{ pointer: `#/query/q/${i}/pacticipant`, detail: `${v.pacticipant} is named twice: a release train holds one version per application` }]
  })
  if (twice.length > 0) throw new ValidationError(twice)

  // 1. One matrix question: each train version, and what its pacticipant has in the environment now.
  let evidence: MatrixResult
  try {
    evidence = await findMatrix(
      { ...deps, deploymentChecks: [] },
      {
        selectors: [
          ...train.map((v) => ({ pacticipant: v.pacticipant, version: v.version })),
          ...train.map((v) => ({ pacticipant: v.pacticipant, environment })),
        ],
        ignore: [],
        latestby: 'cvpv',
        latest: false,
        environment,
        mainBranch: false,
        details: false,
      },
    )
  } catch (error) {
    // The second selector of each pacticipant repeats the first one's problems: report each once, at the train's pointer.
    if (!(error instanceof ValidationError)) throw error
    const index = (pointer: string | undefined) => Number(/^#\/query\/q\/(\d+)\//.exec(pointer ?? '')?.[1] ?? -1)
    throw new ValidationError(error.errors.filter((e) => index(e.pointer) < train.length))
  }
  const env = evidence.environment!
  const members = new Set(train.map((v) => v.pacticipant))
  const specified = evidence.selectors.filter((s) => s.type === 'specified')
  const newSelector = new Map(specified.filter((s) => s.environment === null).map((s) => [s.pacticipantName, s]))
  const nowThere = new Map<string, ResolvedSelector[]>()
  for (const s of specified.filter((x) => x.environment !== null)) {
    // Described as the Pact Broker describes the other side: "the version of web currently in production (1.3.0)".
    nowThere.set(s.pacticipantName, [...(nowThere.get(s.pacticipantName) ?? []), { ...s, type: 'inferred' }])
  }
  const others = new Map<string, ResolvedSelector[]>()
  for (const s of evidence.selectors.filter((x) => x.type === 'inferred')) others.set(s.pacticipantName, [...(others.get(s.pacticipantName) ?? []), s])

  // 2. The deployment checks (deprecations gate) of each train version, against the environment as it is now.
  const checks: CheckReason[] = []
  for (const v of train) {
    const selector = newSelector.get(v.pacticipant)
    if (selector?.versionExists) checks.push(...(await runDeploymentChecks(deps, env, [selector], query.failOnSunset)))
  }

  // 3. The judge: the matrix decision for one state of the train (optionally only one scope of it).
  const rowsByIntegration = new Map<string, MatrixRow[]>()
  for (const row of [...evidence.decision.considered, ...evidence.decision.ignored]) {
    const k = key(row.consumerId, row.providerId)
    const list = rowsByIntegration.get(k)
    if (list) list.push(row)
    else rowsByIntegration.set(k, [row])
  }
  const integrations = evidence.integrations.filter((i) => i.consumerId !== i.providerId && (members.has(i.consumerName) || members.has(i.providerName)))
  const selectorsIn = (deployed: ReadonlySet<string>, name: string): ResolvedSelector[] =>
    members.has(name) ? (deployed.has(name) ? [newSelector.get(name)!] : (nowThere.get(name) ?? [])) : (others.get(name) ?? [])
  const versionIdsIn = (deployed: ReadonlySet<string>, name: string) =>
    new Set(
      selectorsIn(deployed, name)
        .filter((s) => s.versionId !== null)
        .map((s) => s.versionId!),
    )

  const matrixJudgement = (deployed: ReadonlySet<string>, scope?: TrainScope): { ok: boolean; reasons: string[] } => {
    const inScope = scope === undefined ? integrations : scope.integration ? [scope.integration] : []
    const involved = inScope.filter((i) => deployed.has(i.consumerName) || deployed.has(i.providerName))
    const rows: MatrixRow[] = []
    const stateIntegrations: Integration[] = []
    const selectors = new Map<string, ResolvedSelector[]>()
    const scopeMembers = scope === undefined ? members : new Set(scope.members)
    for (const name of deployed) if (scopeMembers.has(name)) selectors.set(name, selectorsIn(deployed, name))
    for (const i of involved) {
      const consumerVersions = versionIdsIn(deployed, i.consumerName)
      const providerVersions = versionIdsIn(deployed, i.providerName)
      selectors.set(i.consumerName, selectorsIn(deployed, i.consumerName))
      selectors.set(i.providerName, selectorsIn(deployed, i.providerName))
      const all = rowsByIntegration.get(key(i.consumerId, i.providerId)) ?? []
      const ofConsumers = all.filter((r) => consumerVersions.has(r.consumerVersion.id))
      const inState = ofConsumers.filter((r) => r.providerVersion === null || providerVersions.has(r.providerVersion.id))
      // A pact verified only by versions outside this state is unverified in it: the row the matrix gives then.
      for (const consumerVersionId of new Set(ofConsumers.map((r) => r.consumerVersion.id))) {
        if (inState.some((r) => r.consumerVersion.id === consumerVersionId)) continue
        const { schema: _schema, ...template } = ofConsumers.find((r) => r.consumerVersion.id === consumerVersionId)!
        inState.push({ ...template, providerVersion: null, verification: null })
      }
      rows.push(...inState)
      const newConsumer = deployed.has(i.consumerName) ? newSelector.get(i.consumerName) : undefined
      const required = newConsumer?.versionId != null && all.some((r) => r.consumerVersion.id === newConsumer.versionId)
      stateIntegrations.push({ ...i, required })
    }
    const decision = decide({
      rows,
      selectors: [...selectors.values()].flat(),
      ignoreSelectors: [],
      integrations: stateIntegrations,
      options: { latestby: 'cvpv', environment: env.name, schemaCompatibilityDeployable: deps.config.schemas.compatibilityDeployable },
    })
    const reasons = decision.reasons.filter((r) => reasonLevel(r) === 'error').map(reasonText)
    return { ok: decision.summary.deployable === true, reasons }
  }
  const applies = (deployed: ReadonlySet<string>, reason: CheckReason) =>
    reason.subject !== undefined &&
    deployed.has(reason.subject.pacticipant) &&
    (!reason.concerns?.length || reason.concerns.some((c) => !members.has(c.pacticipant) || !deployed.has(c.pacticipant)))
  // A scope's answer depends only on which of its (one or two) members are deployed: at most four answers each,
  // computed once. A whole state is deployable iff every scope is (can-i-deploy's answer is one per integration),
  // so judging the train's steps and rollbacks costs a lookup per scope, not a decision over every row.
  const answers = new Map<string, Judgement>()
  const judgeScope = (deployed: ReadonlySet<string>, scope: TrainScope): Judgement => {
    const inScope = scope.members.filter((m) => deployed.has(m))
    const memoKey = `${scope.id}\u0000${inScope.join('\u0000')}`
    let answer = answers.get(memoKey)
    if (!answer) {
      const state = new Set(inScope)
      const matrix = matrixJudgement(state, scope)
      const refusals = scope.checks.filter((r) => r.level === 'error' && applies(state, r)).map((r) => r.text)
      answer = { ok: matrix.ok && refusals.length === 0, reasons: [...matrix.reasons, ...refusals] }
      answers.set(memoKey, answer)
    }
    return answer
  }
  let scopes: TrainScope[] = []
  const judge = (deployed: ReadonlySet<string>, scope?: Scope): Judgement => {
    if (scope) return judgeScope(deployed, scope as TrainScope)
    const reasons = new Set<string>()
    let ok = true
    for (const s of scopes) {
      if (!s.members.some((m) => deployed.has(m))) continue
      const answer = judgeScope(deployed, s)
      ok &&= answer.ok
      if (!answer.ok) for (const r of answer.reasons) reasons.add(r)
    }
    return { ok, reasons: [...reasons] }
  }

  // Scopes: every integration touching the train, each train version alone, and each check reason.
  scopes = [
    ...train.map((v) => ({ id: `version:${v.pacticipant}`, members: [v.pacticipant], checks: [] })),
    ...integrations.map((i) => ({
      id: `integration:${i.consumerName}/${i.providerName}`,
      members: [i.consumerName, i.providerName].filter((n) => members.has(n)),
      integration: i,
      checks: [],
    })),
    ...checks.flatMap((reason): TrainScope[] => {
      const subject = reason.subject?.pacticipant
      if (subject === undefined) return []
      const inTrain = [...new Set((reason.concerns ?? []).map((c) => c.pacticipant))].filter((n) => members.has(n) && n !== subject)
      const outside = (reason.concerns ?? []).some((c) => !members.has(c.pacticipant))
      if (!reason.concerns?.length || outside) return [{ id: `check:${subject}`, members: [subject], checks: [reason] }]
      // One scope per pacticipant the reason names: it goes away once that pacticipant's new version is in.
      return inTrain.map((other) => ({
        id: `check:${subject}/${other}`,
        members: [subject, other],
        checks: [{ ...reason, concerns: reason.concerns!.filter((c) => c.pacticipant === other) }],
      }))
    }),
  ]

  const plan = planRelease({ train, scopes, judge })
  const current = new Map(
    train.map((v) => [
      v.pacticipant,
      (nowThere.get(v.pacticipant) ?? []).filter((s) => s.versionNumber !== null && s.versionExists).map((s) => s.versionNumber!),
    ]),
  )
  return { ...plan, environment: env.name, current }
}
