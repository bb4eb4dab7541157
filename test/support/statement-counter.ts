/**
 * A Kysely plugin that counts the statements a database handle executes, for the tests that pin how many
 * statements a request costs. `transformResult` runs once per executed statement (`transformQuery` also runs for
 * subqueries, so it does not count).
 * @example const counter = new StatementCounter(); const db = handle.db.withPlugin(counter); … expect(counter.count).toBe(9)
 */
import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely'

export class StatementCounter implements KyselyPlugin {
  count = 0
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return args.node
  }
  transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    this.count++
    return Promise.resolve(args.result)
  }
}
