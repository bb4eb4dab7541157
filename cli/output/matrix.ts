/**
 * Matrix rows for people (a table) and for scripts (the stable JSON shape in docs/cli.md).
 */
import type { MatrixRow } from '../../lib/broker-client/index.js'
import type { Style } from './style.js'
import { renderTable } from './table.js'

export interface IntegrationJson {
  consumer: { name: string; version: string | null }
  provider: { name: string; version: string | null }
  verification: { success: boolean; verifiedAt: string | null; url: string | null } | null
  ignored: boolean
}

export function integrationJson(row: MatrixRow): IntegrationJson {
  return {
    consumer: { name: row.consumer.name, version: row.consumer.version?.number ?? null },
    provider: { name: row.provider.name, version: row.provider.version?.number ?? null },
    verification: row.verificationResult
      ? { success: row.verificationResult.success, verifiedAt: row.verificationResult.verifiedAt ?? null, url: row.verificationResult._links?.self?.href ?? null }
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
  return row.verificationResult.success ? style.green(`verified${verificationLabel(row)}`) : style.red(`failed${verificationLabel(row)}`)
}

export function matrixTable(rows: MatrixRow[], style: Style, boxed: boolean): string {
  if (!rows.length) return 'No pacts or verifications match.'
  return renderTable(
    ['CONSUMER', 'C.VERSION', 'PROVIDER', 'P.VERSION', 'VERIFICATION'],
    rows.map((r) => [r.consumer.name, r.consumer.version?.number ?? '-', r.provider.name, r.provider.version?.number ?? '-', verificationStatus(r, style)]),
    { boxed },
  )
}
