/**
 * @module shared/paging
 * The Pact Broker's page arithmetic, written once: the `page` object of its paged collections (`number` counts
 * from 1; without a `size` the one page holds everything) and the `next`/`previous` links beside it.
 */

/** The Pact Broker's `page` object. */
export interface Page {
  number: number
  size: number
  totalElements: number
  totalPages: number
}

/**
 * The rows to ask the database for: page `number` (from 1) of `size` rows, or every row without a size.
 * @example pageWindow(3, 10) // { number: 3, offset: 20, limit: 10 }
 */
export function pageWindow(number: number | undefined, size: number | undefined): { number: number; offset: number; limit: number | undefined } {
  const page = number ?? 1
  return { number: page, offset: size ? (page - 1) * size : 0, limit: size }
}

/**
 * The `page` object for page `number` of `size` rows out of `total`; without a size, one page of everything.
 * @example pageOf(2, 10, 25) // { number: 2, size: 10, totalElements: 25, totalPages: 3 }
 */
export function pageOf(number: number, size: number | undefined, total: number): Page {
  const pageSize = size ?? Math.max(total, 1)
  return { number, size: pageSize, totalElements: total, totalPages: Math.ceil(total / pageSize) }
}

/**
 * The `next` and `previous` links of a page (undefined where there is none); `hrefOf(n)` is page n's URL.
 * @example pageLinks(page, (n) => `/labels?size=10&page=${n}`).next?.href
 */
export function pageLinks(
  page: Page,
  hrefOf: (number: number) => string,
): { next: { title: string; href: string } | undefined; previous: { title: string; href: string } | undefined } {
  return {
    next: page.number < page.totalPages ? { title: 'Next page', href: hrefOf(page.number + 1) } : undefined,
    previous: page.number > 1 ? { title: 'Previous page', href: hrefOf(page.number - 1) } : undefined,
  }
}
