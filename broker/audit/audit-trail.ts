/**
 * The HTTP side of the audit trail. A write that commits is recorded by its service, in its transaction
 * (audit.service.ts `recordChange`). What no service sees is recorded here:
 * - `auditFailedWrites`: a write refused (401/403/429) or failed (any other error), before the problem is sent;
 * - `auditUnrecordedWrites`: a write that succeeded without its service recording a change — a bug, logged as
 *   a warning, and recorded after the response so the trail still has it.
 */
import type { Db } from '../db/database.js'
import type { ErrorRequestHandler, RequestHandler } from 'express'
import { requestContextOf } from '../auth/authentication.js'
import { DomainError } from '../shared/errors.js'
import type { Logger } from '../shared/logger.js'
import { recordOutcome } from './audit.service.js'

interface TrailDeps {
  db: Db
  logger: Logger
}

function statusOf(error: unknown): number {
  if (error instanceof DomainError) return error.status
  const status = (error as { status?: unknown })?.status
  return typeof status === 'number' && status >= 400 && status < 600 ? status : 500
}

export function auditFailedWrites({ db, logger }: TrailDeps): ErrorRequestHandler {
  return async (error, _req, res, next) => {
    const context = requestContextOf(res)
    if (context?.isWrite) {
      const status = statusOf(error)
      const details =
        error instanceof DomainError ? { problem: error.slug, detail: error.message } : { problem: status === 500 ? 'server-error' : `http-${status}` }
      await recordOutcome(db, context, status, details).catch((failure: unknown) =>
        logger.error('could not record a refused write in the audit trail', { requestId: context.requestId, error: String(failure) }),
      )
    }
    next(error)
  }
}

export function auditUnrecordedWrites({ db, logger }: TrailDeps): RequestHandler {
  return (_req, res, next) => {
    res.on('finish', () => {
      const context = requestContextOf(res)
      if (!context?.isWrite || res.statusCode >= 400 || context.auditEvents > 0) return
      logger.warn('a write committed without recording an audit change; recorded after the response', { requestId: context.requestId, path: context.path })
      recordOutcome(db, context, res.statusCode, { note: 'recorded after the response: the write did not record its change' }).catch((failure: unknown) =>
        logger.error('could not record a write in the audit trail', { requestId: context.requestId, error: String(failure) }),
      )
    })
    next()
  }
}
