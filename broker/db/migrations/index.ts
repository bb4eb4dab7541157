/**
 * The static list of migrations. Listed by hand (not globbed from disk) so they run the same from the
 * TypeScript sources, from dist/, and under PGlite. Append new ones; never edit a shipped one.
 */
import type { Migration } from 'kysely'
import * as createCoreSchema from './2026_11_22_0600_create_core_schema.js'
import * as createProviderContracts from './2026_11_22_0700_create_provider_contracts.js'
import * as createDeprecations from './2026_11_22_0730_create_deprecations.js'
import * as matrixIndexes from './2026_11_22_0800_matrix_indexes.js'
import * as pacticipantVersionOrderSetting from './2026_11_22_0810_pacticipant_version_order_setting.js'
import * as deprecationProposals from './2026_12_01_0900_deprecation_proposals.js'
import * as pacticipantLabels from './2026_12_07_1130_pacticipant_labels.js'
import * as webhooks from './2026_12_07_1200_webhooks.js'
import * as authTokensAndAudit from './2026_12_07_1230_auth_tokens_and_audit.js'
import * as uiSessions from './2026_12_07_1430_ui_sessions.js'

export const migrations: Record<string, Migration> = {
  '2026_11_22_0600_create_core_schema': createCoreSchema,
  '2026_11_22_0700_create_provider_contracts': createProviderContracts,
  '2026_11_22_0730_create_deprecations': createDeprecations,
  '2026_11_22_0800_matrix_indexes': matrixIndexes,
  '2026_11_22_0810_pacticipant_version_order_setting': pacticipantVersionOrderSetting,
  '2026_12_01_0900_deprecation_proposals': deprecationProposals,
  '2026_12_07_1130_pacticipant_labels': pacticipantLabels,
  '2026_12_07_1200_webhooks': webhooks,
  '2026_12_07_1230_auth_tokens_and_audit': authTokensAndAudit,
  '2026_12_07_1430_ui_sessions': uiSessions,
}
