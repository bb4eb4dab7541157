/**
 * @module ui/components
 * Small pieces the pages share: status badges (a word, not only a colour), times, chips, tables, pagination.
 */
import type { ComponentChildren, VNode } from 'preact'

export type VerificationStatus = 'verified' | 'failed' | 'pending' | 'unverified'

const STATUS_LABEL: Record<string, string> = {
  verified: 'Verified',
  failed: 'Failed',
  pending: 'Pending',
  unverified: 'Unverified',
}

export function StatusBadge({ status, label }: { status: string; label?: string }): VNode {
  return <span class={`status status-${status}`}>{label ?? STATUS_LABEL[status] ?? status}</span>
}

/** A UTC time people can read ("2026-12-07 08:30 UTC"), machine-readable in `datetime`. */
export function When({ at }: { at: Date | string | null | undefined }): VNode | null {
  if (!at) return null
  const date = new Date(at)
  const iso = date.toISOString()
  return <time dateTime={iso}>{`${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`}</time>
}

export function Chips({ items, kind }: { items: string[]; kind?: 'env' | 'branch' | 'tag' }): VNode | null {
  if (items.length === 0) return null
  return (
    <ul class="chips">
      {items.map((item) => (
        <li key={item} class={`chip${kind ? ` chip-${kind}` : ''}`}>
          {item}
        </li>
      ))}
    </ul>
  )
}

/** A table that scrolls sideways on a narrow screen; `caption` names it for screen readers. */
export function DataTable({ caption, head, children }: { caption: string; head: string[]; children: ComponentChildren }): VNode {
  return (
    <div class="table-wrap">
      <table>
        <caption class="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {head.map((label) => (
              <th key={label} scope="col">
                {label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  )
}

export function Pagination({ page, pages, href }: { page: number; pages: number; href: (page: number) => string }): VNode | null {
  if (pages <= 1) return null
  return (
    <nav class="pagination" aria-label="Pages">
      {page > 1 ? (
        <a href={href(page - 1)} rel="prev">
          Previous
        </a>
      ) : null}
      <span>
        Page {page} of {pages}
      </span>
      {page < pages ? (
        <a href={href(page + 1)} rel="next">
          Next
        </a>
      ) : null}
    </nav>
  )
}

/** A positive page number from the query string (1 when absent or not a number). */
export function pageNumber(value: unknown): number {
  const n = typeof value === 'string' ? Number.parseInt(value, 10) : NaN
  return Number.isFinite(n) && n > 0 ? n : 1
}
