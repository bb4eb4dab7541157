/**
 * @module auth/write-gate
 * Every request that changes state passes through here once the route table has matched it and before its
 * handler runs (http/route-table.ts's guards). Today it lets every write through and announces each accepted
 * one on the event bus (`write.accepted`), which is where an audit trail listens; authentication and the
 * access rules plug in at `authorize`, which is given the matched row and so its `access` level.
 */
import type { Request } from 'express'
import type { Guard, Route } from '../http/route-table.js'
import type { BrokerEvents } from '../shared/events.js'

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

export interface WriteGateOptions {
  events: BrokerEvents
  /** Throws UnauthorizedError / ForbiddenError to refuse a write. */
  authorize?: (req: Request, route: Route) => void | Promise<void>
}

/** @example mountRoutes(ROUTES, deps, { guards: [writeGate({ events: deps.events })] }) */
export function writeGate({ events, authorize }: WriteGateOptions): Guard {
  return async (req, res, route) => {
    if (SAFE_METHODS.has(req.method)) return
    if (authorize) await authorize(req, route)
    res.on('finish', () => {
      if (res.statusCode < 400) events.emit('write.accepted', { method: req.method, path: req.originalUrl, status: res.statusCode })
    })
  }
}
