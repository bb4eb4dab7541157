/**
 * Direct-database commands (`concord clean`, `concord broker migrate`) against a database nobody answers for: the
 * message names the database (without its password) and says to fix DATABASE_URL, and the exit code is 2 (a
 * configuration error), not 3 ("internal error, please report").
 */
import { describe, expect, it } from 'vitest'
import { clean, migrate } from '../../cli/commands/broker/index.js'
import { EXIT } from '../../cli/errors.js'
import { errorReport } from '../../cli/output/errors.js'
import { createStyle } from '../../cli/output/style.js'
import { quietCommandContext } from '../support/cli-context.js'

// Port 1 on loopback: nothing listens there, so the connection is refused at once.
const UNREACHABLE = 'postgres://concord:s3cret@127.0.0.1:1/concord'

describe('direct-database commands with an unreachable database', () => {
  for (const [name, run] of [
    ['clean', () => clean({ databaseUrl: UNREACHABLE, dryRun: true }, quietCommandContext())],
    ['broker migrate', () => migrate({ databaseUrl: UNREACHABLE }, quietCommandContext())],
  ] as const) {
    it(`concord ${name} says which database it could not reach and how to fix it, and exits 2`, async () => {
      const error = await run().then(
        () => undefined,
        (e: unknown) => e,
      )
      expect(error).toBeInstanceOf(Error)
      const report = errorReport(error, { style: createStyle(false), verbose: false, command: name, version: '0.0.0' })
      const text = report.lines.join('\n')
      expect(report.exitCode).toBe(EXIT.error)
      expect(text).toContain('Could not reach the database postgres://concord:***@127.0.0.1:1/concord (ECONNREFUSED)')
      expect(text).toContain('Check DATABASE_URL')
      expect(text).not.toContain('s3cret')
      expect(text).not.toMatch(/internal error/i)
    })
  }
})
