/**
 * @module auth/write-gate
 * Every request that changes state passes through here, before any domain router. Today it lets every write
 * through and announces each accepted one on the event bus (`write.accepted`), which is where an audit trail
 * listens; authentication and per-route access rules plug in at `authorize` without touching a router.
 */
import type { Request, RequestHandler } from 'express'
import type { BrokerEvents } from '../shared/events.js'

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

export interface WriteGateOptions {
  events: BrokerEvents
  /** Throws UnauthorizedError / ForbiddenError to refuse a write. */
  authorize?: (req: Request) => void | Promise<void>
}

export function writeGate({ events, authorize }: WriteGateOptions): RequestHandler {
  return async (req, res, next) => {
    if (SAFE_METHODS.has(req.method)) return next()
    if (authorize) await authorize(req)
    res.on('finish', () => {
      if (res.statusCode < 400) events.emit('write.accepted', { method: req.method, path: req.originalUrl, status: res.statusCode })
    })
    next()
  }
}
