/**
 * @module release-plans/release-plan
 * The pure part of a release plan: given a train (one new version per pacticipant) and a judge that says whether
 * the environment is deployable with a given set of the train's pacticipants deployed (the can-i-deploy decision
 * over the matrix rows, see release-plans.service.ts), order the versions into steps so that the environment is
 * deployable after every step.
 *
 * Why pairs are enough: can-i-deploy's answer is the conjunction of one answer per integration (every row of an
 * integration verified, a required provider present, no deprecated item removed under a consumer), and each
 * integration's answer depends only on which of its two sides are deployed yet. So for two train members a
 * (consumer) and b (provider) the judge is asked three questions — a alone, b alone, both — and:
 * - a alone fails (a needs b's new version):            b goes no later than a   (edge b → a)
 * - b alone fails (b breaks a's version in there now): a goes no later than b   (edge a → b)
 * - both fail: they must go in the same step (a cycle); both together fails: the train is impossible.
 * A member whose integration with something outside the train fails is impossible in any order.
 * The strongly connected components of that graph are the groups that must go together; ordering the condensed
 * graph topologically gives the steps. Every prefix of that order is closed under "goes no later than", so every
 * step leaves the environment deployable (each step is judged again as a whole, to say so with the judge's words).
 * Graph work is graphology's (strongly connected components, topological generations), not hand-written.
 */
import { DirectedGraph } from 'graphology'
import { stronglyConnectedComponents } from 'graphology-components'
import { topologicalGenerations } from 'graphology-dag'

export interface TrainVersion {
  pacticipant: string
  version: string
}

/** What the judge says about a state: deployable or not, and why not (can-i-deploy's reasons). */
export interface Judgement {
  ok: boolean
  reasons: string[]
}

/**
 * A part of the answer that depends on at most two train members: an integration between two of them, or between
 * one of them and a pacticipant outside the train (or a check about one version alone).
 */
export interface Scope {
  id: string
  /** The train members (pacticipant names) the scope's answer depends on: one or two. */
  members: string[]
}

export interface PlanInput {
  train: TrainVersion[]
  scopes: Scope[]
  /** Whether the environment is deployable with `deployed` train members in place of their current versions (in one scope, or as a whole). */
  judge: (deployed: ReadonlySet<string>, scope?: Scope) => Judgement
}

export interface RollbackSafety {
  /** Whether going back to the versions there before this step keeps the environment deployable at every later point of the train. */
  safe: boolean
  reasons: string[]
}

export interface PlanStep {
  versions: TrainVersion[]
  /** Why this step holds these versions and comes where it does; when it is not deployable, why not. */
  reasons: string[]
  /** Whether the environment is deployable after this step. */
  deployable: boolean
  rollback: RollbackSafety
}

export interface ImpossibleVersions {
  versions: TrainVersion[]
  reasons: string[]
}

export interface ReleasePlan {
  possible: boolean
  steps: PlanStep[]
  /** Versions (or groups that must go together) that cannot go to the environment in any order, with the reasons. */
  impossible: ImpossibleVersions[]
}

const label = (v: TrainVersion) => `${v.pacticipant} ${v.version}`

/**
 * Orders a train into steps. Deterministic: among steps free to go, the one holding the earliest version of the
 * train as given goes first.
 * @example planRelease({ train, scopes, judge }).steps.map((s) => s.versions.map((v) => v.pacticipant)) // [['users'], ['web']]
 */
export function planRelease(input: PlanInput): ReleasePlan {
  const { train, scopes, judge } = input
  const byName = new Map(train.map((v) => [v.pacticipant, v]))
  const position = new Map(train.map((v, i) => [v.pacticipant, i]))
  const graph = new DirectedGraph({ allowSelfLoops: false })
  for (const v of train) graph.addNode(v.pacticipant)
  /** edge `from → to`: `from` goes no later than `to`, because of `reasons`. */
  const needs = new Map<string, string[]>()
  const addEdge = (from: string, to: string, reasons: string[]) => {
    if (!graph.hasEdge(from, to)) graph.addDirectedEdge(from, to)
    const key = `${from}\u0000${to}`
    needs.set(key, [...(needs.get(key) ?? []), ...reasons])
  }
  const impossible: ImpossibleVersions[] = []
  /** Records versions that cannot go (together), once per set of versions, each reason once. */
  const cannotGo = (versions: TrainVersion[], reasons: string[]) => {
    const same = impossible.find((i) => i.versions.length === versions.length && i.versions.every((v, n) => v === versions[n]))
    if (same) same.reasons.push(...reasons.filter((r) => !same.reasons.includes(r)))
    else impossible.push({ versions, reasons: [...new Set(reasons)] })
  }

  for (const scope of scopes) {
    const [a, b] = scope.members
    if (a === undefined) continue
    if (b === undefined) {
      const alone = judge(new Set([a]), scope)
      if (!alone.ok) cannotGo([byName.get(a)!], alone.reasons)
      continue
    }
    const both = judge(new Set([a, b]), scope)
    const onlyA = judge(new Set([a]), scope)
    const onlyB = judge(new Set([b]), scope)
    if (!both.ok) {
      // A reason that holds for one of them alone (a version the broker never saw) is that version's alone.
      const pair = both.reasons.filter((r) => !onlyA.reasons.includes(r) && !onlyB.reasons.includes(r))
      const ofA = both.reasons.filter((r) => onlyA.reasons.includes(r))
      const ofB = both.reasons.filter((r) => !onlyA.reasons.includes(r) && onlyB.reasons.includes(r))
      if (ofA.length > 0) cannotGo([byName.get(a)!], ofA)
      if (ofB.length > 0) cannotGo([byName.get(b)!], ofB)
      if (pair.length > 0 || (ofA.length === 0 && ofB.length === 0)) cannotGo([byName.get(a)!, byName.get(b)!], pair)
    }
    // Reasons that hold whatever the other one does (the version alone cannot go) order nothing.
    const needsB = onlyA.reasons.filter((r) => !both.reasons.includes(r) || !onlyB.reasons.includes(r))
    const needsA = onlyB.reasons.filter((r) => !both.reasons.includes(r) || !onlyA.reasons.includes(r))
    if (!onlyA.ok && needsB.length > 0)
      addEdge(
        b,
        a,
        needsB.map((r) => `${label(byName.get(a)!)} cannot go before ${label(byName.get(b)!)}: ${r}`),
      )
    if (!onlyB.ok && needsA.length > 0)
      addEdge(
        a,
        b,
        needsA.map((r) => `${label(byName.get(b)!)} cannot go before ${label(byName.get(a)!)}: ${r}`),
      )
  }

  // Groups that must go together (strongly connected components), then their order (the condensed graph's).
  const groups = stronglyConnectedComponents(graph).map((members) => members.sort((x, y) => position.get(x)! - position.get(y)!))
  const groupOf = new Map<string, number>()
  groups.forEach((members, i) => members.forEach((m) => groupOf.set(m, i)))
  const condensed = new DirectedGraph({ allowSelfLoops: false })
  groups.forEach((_, i) => condensed.addNode(String(i)))
  graph.forEachEdge((_edge, _attributes, from, to) => {
    const [gf, gt] = [groupOf.get(from)!, groupOf.get(to)!]
    if (gf !== gt && !condensed.hasEdge(String(gf), String(gt))) condensed.addDirectedEdge(String(gf), String(gt))
  })
  const first = (i: number) => position.get(groups[i]![0]!)!
  const order = topologicalGenerations(condensed).flatMap((generation) => generation.map(Number).sort((x, y) => first(x) - first(y)))

  const stepOf = new Map<string, number>()
  order.forEach((g, step) => groups[g]!.forEach((m) => stepOf.set(m, step)))
  const deployedAfter: Set<string>[] = []
  const steps: PlanStep[] = order.map((g, index) => {
    const members = groups[g]!
    const reasons: string[] = []
    if (members.length > 1) {
      reasons.push(`${members.map((m) => label(byName.get(m)!)).join(', ')} must go in the same step:`)
      for (const from of members) for (const to of members) reasons.push(...(needs.get(`${from}\u0000${to}`) ?? []).map((r) => `  ${r}`))
    }
    for (const to of members) {
      const earlier = graph.inNeighbors(to).sort((x, y) => stepOf.get(x)! - stepOf.get(y)! || position.get(x)! - position.get(y)!)
      for (const from of earlier) {
        if (groupOf.get(from) === g) continue
        reasons.push(`After step ${stepOf.get(from)! + 1} (${label(byName.get(from)!)}): ${(needs.get(`${from}\u0000${to}`) ?? []).join('; ')}`)
      }
    }
    const deployed = new Set([...(deployedAfter[index - 1] ?? []), ...members])
    deployedAfter.push(deployed)
    const state = judge(deployed)
    if (!state.ok) reasons.push(...state.reasons)
    return { versions: members.map((m) => byName.get(m)!), reasons, deployable: state.ok, rollback: { safe: true, reasons: [] } }
  })

  // Rolling a step back (its members to the versions there before), at any later point of the train.
  steps.forEach((step, index) => {
    const members = new Set(step.versions.map((v) => v.pacticipant))
    for (let later = index; later < steps.length; later++) {
      const state = new Set([...deployedAfter[later]!].filter((m) => !members.has(m)))
      const answer = judge(state)
      if (answer.ok) continue
      const when = later === steps.length - 1 ? 'once the train is out' : `after step ${later + 1}`
      step.rollback = { safe: false, reasons: answer.reasons.map((r) => `Rolling back step ${index + 1} ${when}: ${r}`) }
      break
    }
  })

  // In train order (the scopes come in whatever order the database listed the integrations).
  const positions = (i: ImpossibleVersions) => i.versions.map((v) => position.get(v.pacticipant)!)
  impossible.sort((x, y) => {
    const [px, py] = [positions(x), positions(y)]
    for (let n = 0; n < Math.min(px.length, py.length); n++) if (px[n] !== py[n]) return px[n]! - py[n]!
    return px.length - py.length
  })
  const possible = impossible.length === 0 && steps.every((s) => s.deployable)
  return { possible, steps, impossible }
}
