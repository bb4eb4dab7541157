/**
 * @module shared/clock
 * Time as a dependency, so rules that depend on "now" (sunset dates, WIP windows) can be tested.
 */
export interface Clock {
  now(): Date
}

export const systemClock: Clock = { now: () => new Date() }

/** A clock fixed at `at` (tests). */
export function fixedClock(at: Date | string): Clock {
  const date = new Date(at)
  return { now: () => new Date(date) }
}
