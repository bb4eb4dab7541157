/**
 * A readable name from an identifier, as the Pact Broker generates display names:
 * `production` → `Production`, `my-env` → `My Env`, `userService` → `User Service`.
 */
export function generateDisplayName(name: string): string {
  return name
    .replace(/([a-z\d])([A-Z])/g, '$1 $2')
    .split(/[\s_-]+/)
    .filter(Boolean)
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(' ')
}
