/**
 * Matrix rows for people (a table) and for scripts (the stable JSON shape in docs/cli.md).
 */
import type { MatrixRow } from '../../lib/broker-client/index.js'
import type { Style } from './style.js'
import { renderTable } from './table.js'

export interface IntegrationJson {
  consumer: { name: string; version: string | null }
  provider: { name: string; version: string | null }
  /** `verifiedBy: 'schema'`: a schema-level result (the provider's API description) stands in for a verification. */
  verification: { success: boolean | null; verifiedAt: string | null; url: string | null; verifiedBy: 'pact' | 'schema' } | null
  ignored: boolean
}

export function integrationJson(row: MatrixRow): IntegrationJson {
  return {
    consumer: { name: row.consumer.name, version: row.consumer.version?.number ?? null },
    provider: { name: row.provider.name, version: row.provider.version?.number ?? null },
    verification: row.verificationResult
      ? {
          success: row.verificationResult.success,
          verifiedAt: row.verificationResult.verifiedAt ?? null,
          url: row.verificationResult._links?.self?.href ?? null,
          verifiedBy: row.verificationResult.verifiedBy === 'schema' ? 'schema' : 'pact',
        }
      : null,
    ignored: row.ignored === true,
  }
}

/** The verification number from its URL (…/verification-results/12 → #12), for a compact column. */
function verificationLabel(row: MatrixRow): string {
  const href = row.verificationResult?._links?.self?.href
  const n = href?.match(/verification-results\/(\d+)/)?.[1]
  return n ? ` #${n}` : ''
}

export function verificationStatus(row: MatrixRow, style: Style): string {
  if (row.ignored) return style.dim('ignored')
  if (!row.verificationResult) return style.yellow('not verified')
  if (row.verificationResult.verifiedBy === 'schema') return schemaStatus(row.verificationResult, style)
  return row.verificationResult.success ? style.green(`verified${verificationLabel(row)}`) : style.red(`failed${verificationLabel(row)}`)
}

/** A schema-level result: what the broker counted (success) and what the comparison said (status). */
function schemaStatus(result: NonNullable<MatrixRow['verificationResult']>, style: Style): string {
  if (result.success === true) return style.green('compatible by schema')
  if (result.success === false) return style.red(result.status === 'incompatible' ? 'incompatible by schema' : 'failed by schema')
  if (result.status === 'compatible') return style.yellow('compatible by schema (not accepted)')
  if (result.status === 'pending') return style.yellow('schema comparison pending')
  return style.yellow('unknown by schema')
}

export function matrixTable(rows: MatrixRow[], style: Style, boxed: boolean): string {
  if (!rows.length) return 'No pacts or verifications match.'
  return renderTable(
    ['CONSUMER', 'C.VERSION', 'PROVIDER', 'P.VERSION', 'VERIFICATION'],
    rows.map((r) => [r.consumer.name, r.consumer.version?.number ?? '-', r.provider.name, r.provider.version?.number ?? '-', verificationStatus(r, style)]),
    { boxed },
  )
}
