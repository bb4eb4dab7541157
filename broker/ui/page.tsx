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
}

export type Section = 'dashboard' | 'map' | 'environments' | 'can-i-deploy' | 'deprecations'

export function pageContext(req: Request, assets: AssetManifest, section?: Section): PageContext {
  const base = baseUrlOf(req)
  return { base, links: createPageLinks(base), assets, section }
}

/** Sends a rendered page with the page policy. */
export function sendPage(res: Response, page: VNode, status = 200): void {
  res
    .status(status)
    .setHeader('Content-Security-Policy', PAGE_CONTENT_SECURITY_POLICY)
    .setHeader('X-Content-Type-Options', 'nosniff')
    .setHeader('Cache-Control', 'no-store')
    .type('text/html; charset=utf-8')
    .send(`<!doctype html>${renderToString(page)}`)
}

const NAV: { section: Section; label: string; href: (links: PageLinks) => string }[] = [
  { section: 'dashboard', label: 'Dashboard', href: (l) => l.dashboard() },
  { section: 'map', label: 'Map', href: (l) => l.map() },
  { section: 'environments', label: 'Environments', href: (l) => l.environments() },
  { section: 'can-i-deploy', label: 'Can I deploy?', href: (l) => l.canIDeploy() },
  { section: 'deprecations', label: 'Deprecations', href: (l) => l.deprecations() },
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
              {NAV.map((item) => (
                <li key={item.section}>
                  <a href={item.href(ctx.links)} aria-current={ctx.section === item.section ? 'page' : undefined}>
                    {item.label}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
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
