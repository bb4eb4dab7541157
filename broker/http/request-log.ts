/**
 * @module http/request-log
 * Every request gets an id and, when it ends, one log line.
 *
 * The id is the caller's `X-Request-Id` when it is a plausible id (a proxy or load balancer that assigns ids
 * keeps its own), else a fresh UUID. It is returned in the `X-Request-Id` response header, is in every problem
 * document (`requestId`, http/problems.ts) and is the `reqId` of the request's log line, so a user quoting it
 * leads the operator to the line. The line holds no header at all: credentials cannot leak through it.
 */
import { randomUUID } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import type { Request, RequestHandler, Response } from 'express'
import type { FinishedRequest } from '../metrics/metrics.js'
import type { Logger } from '../shared/logger.js'
import { routeOf } from './route-table.js'

export const REQUEST_ID_HEADER = 'X-Request-Id'
const ACCEPTED_ID = /^[\w.:@+=/-]{1,128}$/

const ids = new WeakMap<IncomingMessage, string>()

/** The id of a request that passed through `requestLog` (else a fresh one, for requests that never did). */
export function requestIdOf(req: IncomingMessage): string {
  let id = ids.get(req)
  if (!id) ids.set(req, (id = randomUUID()))
  return id
}

export interface RequestLogOptions {
  logger: Logger
  /** Told about every request that finished, e.g. to observe request metrics. */
  onFinish?: (request: FinishedRequest) => void
}

/** Requests a load balancer or Prometheus repeats every few seconds: logged at debug, not info. */
const QUIET_PATHS = new Set(['/diagnostic/status/heartbeat', '/diagnostic/status/dependencies', '/metrics'])

/**
 * The first middleware: assigns the request id, answers it in a header, and logs one line when the response is
 * sent (or the client goes away first).
 * @example app.use(requestLog({ logger, onFinish: (r) => metrics.observeRequest(r) }))
 */
export function requestLog({ logger, onFinish }: RequestLogOptions): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint()
    const given = req.headers['x-request-id']
    const id = typeof given === 'string' && ACCEPTED_ID.test(given) ? given : randomUUID()
    ids.set(req, id)
    res.setHeader(REQUEST_ID_HEADER, id)
    let logged = false
    const done = (completed: boolean) => {
      if (logged) return
      logged = true
      const durationSeconds = Number(process.hrtime.bigint() - started) / 1e9
      const finished: FinishedRequest = { method: req.method, route: routeOf(res)?.path ?? null, status: res.statusCode, durationSeconds }
      onFinish?.(finished)
      const fields = lineFields(req, res, finished, completed)
      if (!completed) logger.warn('request aborted by the client', fields)
      else if (QUIET_PATHS.has(req.path)) logger.debug('request', fields)
      else logger.info('request', fields)
    }
    res.once('finish', () => done(true))
    res.once('close', () => done(res.writableFinished))
    next()
  }
}

function lineFields(req: Request, res: Response, finished: FinishedRequest, completed: boolean): Record<string, unknown> {
  const length = res.getHeader('content-length')
  return {
    reqId: requestIdOf(req),
    method: req.method,
    url: req.originalUrl,
    route: finished.route,
    status: finished.status,
    durationMs: Math.round(finished.durationSeconds * 10_000) / 10,
    ...(length !== undefined ? { bytes: Number(length) } : {}),
    ...(completed ? {} : { aborted: true }),
    userAgent: req.headers['user-agent'],
    remoteAddress: req.ip,
  }
}
