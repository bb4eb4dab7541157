/**
 * Counts failed authentications per client address in fixed windows. After `limit` failures in a window the
 * address is refused (429) until the window ends, even with right credentials, so guessing is capped at
 * `limit` tries per window. Successful requests cost nothing and never count. Kept in memory: several replicas
 * each count on their own (the cap is then per replica), and a restart forgets.
 */
export interface FailureLimiter {
  /** Seconds to wait when `address` is over the limit, else 0. */
  retryAfter(address: string, nowMs: number): number
  fail(address: string, nowMs: number): void
}

/** Addresses tracked at most; the oldest windows are dropped first (a flood of addresses cannot grow memory). */
const MAX_TRACKED = 10_000

export function createFailureLimiter(limit: number, windowSeconds: number): FailureLimiter {
  const windowMs = windowSeconds * 1000
  const windows = new Map<string, { startedMs: number; failures: number }>()
  const current = (address: string, nowMs: number) => {
    const window = windows.get(address)
    if (window && nowMs - window.startedMs < windowMs) return window
    if (window) windows.delete(address)
    return undefined
  }
  return {
    retryAfter(address, nowMs) {
      const window = current(address, nowMs)
      if (!window || window.failures < limit) return 0
      return Math.max(1, Math.ceil((window.startedMs + windowMs - nowMs) / 1000))
    },
    fail(address, nowMs) {
      const window = current(address, nowMs)
      if (window) {
        window.failures++
        return
      }
      if (windows.size >= MAX_TRACKED) windows.delete(windows.keys().next().value!)
      windows.set(address, { startedMs: nowMs, failures: 1 })
    },
  }
}
