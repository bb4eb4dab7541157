/**
 * Label resources in the Pact Broker's HAL shape: a label with its self and pacticipant links, and the list of
 * distinct label names (`GET /labels`, names only, as the Pact Broker answers it).
 */
import { compact, formatDate } from '../../http/hal.js'
import type { Links } from '../../http/links.js'
import type { Label } from './labels.service.js'
import { pageLinks, type Page } from '../../shared/paging.js'

export function toLabelResource(label: Label, links: Links) {
  return compact({
    name: label.name,
    createdAt: formatDate(label.createdAt),
    updatedAt: formatDate(label.updatedAt),
    _links: {
      self: { title: 'Label', name: label.name, href: links.label(label.pacticipantName, label.name) },
      pacticipant: { title: 'Pacticipant', name: label.pacticipantName, href: links.pacticipant(label.pacticipantName) },
    },
  })
}

export function toLabelNamesResource(list: { names: string[]; page: Page }, links: Links, paged: boolean) {
  const self = links.labels()
  const pageHref = (n: number) => `${self}?${new URLSearchParams({ size: String(list.page.size), page: String(n) }).toString()}`
  return {
    _embedded: { labels: list.names.map((name) => ({ name })) },
    ...(paged ? { page: list.page } : {}),
    _links: compact({
      self: { title: 'Labels', href: self },
      ...(paged ? pageLinks(list.page, pageHref) : {}),
    }),
  }
}
