/**
 * Tiny JSON-over-HTTP helpers for feature tests (real fetch against a real broker).
 */
export interface JsonResponse<T = any> {
  status: number
  headers: Headers
  contentType: string
  body: T
}

export async function request<T = any>(method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<JsonResponse<T>> {
  const init: RequestInit = { method, headers: { accept: 'application/hal+json, application/json', ...headers } }
  if (body !== undefined) {
    init.body = typeof body === 'string' ? body : JSON.stringify(body)
    ;(init.headers as Record<string, string>)['content-type'] ??= 'application/json'
  }
  const res = await fetch(url, init)
  const text = await res.text()
  let parsed: unknown = text
  try {
    parsed = text ? JSON.parse(text) : undefined
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, headers: res.headers, contentType: res.headers.get('content-type') ?? '', body: parsed as T }
}

export const get = <T = any>(url: string, headers?: Record<string, string>) => request<T>('GET', url, undefined, headers)
export const post = <T = any>(url: string, body?: unknown, headers?: Record<string, string>) => request<T>('POST', url, body ?? {}, headers)
export const put = <T = any>(url: string, body?: unknown, headers?: Record<string, string>) => request<T>('PUT', url, body ?? {}, headers)
export const patch = <T = any>(url: string, body?: unknown, headers?: Record<string, string>) =>
  request<T>('PATCH', url, body ?? {}, { 'content-type': 'application/merge-patch+json', ...headers })
export const del = <T = any>(url: string, headers?: Record<string, string>) => request<T>('DELETE', url, undefined, headers)
