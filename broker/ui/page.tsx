/**
 * @module ui/page
 * What every page shares: the request's context (base URL, asset names), the layout (skip link, navigation,
 * one `<main>`), content negotiation, and sending the rendered document.
 *
 * Templates are Preact JSX rendered to a string on the server: text and attribute values are escaped by the
 * renderer, so a pacticipant named `<img src=x onerror=alert(1)>` is shown as text. Pages never set raw HTML.
 */
import type { Request, Response } from 'express'
import type { ComponentChildren, VNode } from 'preact'
import { renderToString } from 'preact-render-to-string'
import { baseUrlOf } from '../http/links.js'
import { assetUrl, type AssetManifest } from './assets.js'
import { createPageLinks, type PageLinks } from './page-links.js'

/**
 * The policy pages are sent with: scripts and styles from the broker only, no inline script or style, no
 * workers (the map is laid out on the server), no plugins, no framing.
 */
export const PAGE_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'self'",
].join('; ')

export interface PageContext {
  base: string
  links: PageLinks
  assets: AssetManifest
  /** The navigation entry this page belongs to, marked `aria-current`. */
  section?: Section
  /** Who is looking, when the broker asks for credentials; null = anonymous (then the header offers sign-in). */
  viewer: Viewer | null
  /** Whether the broker asks for credentials (the header shows who is signed in, or a sign-in link). */
  authEnabled: boolean
  /** The path and query of this page, where sign-in sends the browser back to. */
  here: string
}

export interface Viewer {
  name: string
  role: string
  /** The session's CSRF token for the sign-out form; null when the browser sent credentials itself (no session). */
  csrfToken: string | null
}

export type Section = 'dashboard' | 'map' | 'environments' | 'can-i-deploy' | 'deprecations' | 'webhooks' | 'audit' | 'sign-in'

export function pageContext(req: Request, assets: AssetManifest, section?: Section): PageContext {
  const base = baseUrlOf(req)
  const actor = req.actor
  const viewer = actor && actor.role && actor.kind !== 'anonymous' ? { name: actor.name, role: actor.role, csrfToken: req.uiSession?.csrfToken ?? null } : null
  return { base, links: createPageLinks(base), assets, section, viewer, authEnabled: req.authEnabled ?? false, here: req.originalUrl }
}

/** Whether this page's viewer may see admin pages (the audit trail): an admin, or anyone on an open broker. */
export function viewerIsAdmin(ctx: PageContext): boolean {
  return !ctx.authEnabled || ctx.viewer?.role === 'admin'
}

/** Sends a rendered page with the page policy. */
export function sendPage(res: Response, page: VNode, status = 200): void {
  res
    .status(status)
    .setHeader('Content-Security-Policy', PAGE_CONTENT_SECURITY_POLICY)
    .setHeader('X-Content-Type-Options', 'nosniff')
    .setHeader('Cache-Control', 'no-store')
    // Still no referrer to other sites, but the page's forms send their Origin, which the CSRF check reads.
    .setHeader('Referrer-Policy', 'same-origin')
    .type('text/html; charset=utf-8')
    .send(`<!doctype html>${renderToString(page)}`)
}

const NAV: { section: Section; label: string; href: (links: PageLinks) => string; adminOnly?: boolean }[] = [
  { section: 'dashboard', label: 'Dashboard', href: (l) => l.dashboard() },
  { section: 'map', label: 'Map', href: (l) => l.map() },
  { section: 'environments', label: 'Environments', href: (l) => l.environments() },
  { section: 'can-i-deploy', label: 'Can I deploy?', href: (l) => l.canIDeploy() },
  { section: 'deprecations', label: 'Deprecations', href: (l) => l.deprecations() },
  { section: 'webhooks', label: 'Webhooks', href: (l) => l.webhooks() },
  { section: 'audit', label: 'Audit', href: (l) => l.audit(), adminOnly: true },
]

export interface LayoutProps {
  ctx: PageContext
  title: string
  children: ComponentChildren
  /** Client scripts by logical asset name; pages without interaction have none. */
  scripts?: string[]
  /** Attributes for `<main>` (the map passes its data URLs). */
  mainAttributes?: Record<string, string>
  /** Same-origin JSON the page's script fetches at once: the browser starts loading it with the page. */
  preloadJson?: string[]
}

export function Layout({ ctx, title, children, scripts = [], mainAttributes = {}, preloadJson = [] }: LayoutProps): VNode {
  const css = assetUrl(ctx.assets, ctx.base, 'ui.css')
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} · Concord`}</title>
        {/* No favicon request: the broker serves none. */}
        <link rel="icon" href="data:," />
        {css && <link rel="stylesheet" href={css} />}
        {/* `crossorigin` so the preload matches the script's fetch() (CORS mode, same-origin credentials). */}
        {preloadJson.map((href) => (
          <link key={href} rel="preload" href={href} as="fetch" crossorigin="anonymous" />
        ))}
        {scripts.map((name) => {
          const src = assetUrl(ctx.assets, ctx.base, name)
          return src && <script defer src={src} />
        })}
      </head>
      <body>
        <a class="skip-link" href="#main">
          Skip to content
        </a>
        <header class="site-header">
          <a class="brand" href={ctx.links.dashboard()}>
            Concord
          </a>
          <nav class="site-nav" aria-label="Main">
            <ul>
              {NAV.filter((item) => !item.adminOnly || viewerIsAdmin(ctx)).map((item) => (
                <li key={item.section}>
                  <a href={item.href(ctx.links)} aria-current={ctx.section === item.section ? 'page' : undefined}>
                    {item.label}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
          <Who ctx={ctx} />
        </header>
        <main id="main" tabIndex={-1} {...mainAttributes}>
          {children}
        </main>
        <footer class="site-footer">
          <p>
            Concord broker. API clients get HAL at these same URLs (<code>Accept: application/hal+json</code>).
          </p>
        </footer>
      </body>
    </html>
  )
}

/** The header's account area: who is signed in and their role with a sign-out button, or a sign-in link. */
function Who({ ctx }: { ctx: PageContext }): VNode | null {
  if (!ctx.authEnabled) return null
  const { viewer } = ctx
  if (!viewer) {
    return <p class="who">{ctx.section === 'sign-in' ? null : <a href={ctx.links.signIn(ctx.here)}>Sign in</a>}</p>
  }
  return (
    <div class="who">
      <p>
        Signed in as <strong class="who-name">{viewer.name}</strong> <span class="who-role">({viewer.role})</span>
      </p>
      {viewer.csrfToken !== null && (
        <form method="post" action={ctx.links.signOut()} class="sign-out">
          <input type="hidden" name="_csrf" value={viewer.csrfToken} />
          <button type="submit" class="secondary">
            Sign out
          </button>
        </form>
      )}
    </div>
  )
}
