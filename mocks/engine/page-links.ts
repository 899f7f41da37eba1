import { CONTROL_PREFIX } from './control-api.ts'
import { escapeHtml, PAGE_STYLE } from './pages.ts'
import type { ProviderMock } from './provider-mock.ts'
import { fetchRoute, type FetchRoute } from './fetch-routes.ts'

export interface PageLinkRoutes {
  readonly routes: FetchRoute[]
  /** Whether a path is one of the providers' page links. */
  serves(pathname: string): boolean
}

/**
 * The providers' own hosted-page URLs (such as `/<prefix>/pay/detail?token=…`), answered with a
 * redirect to the page the mock serves for it, so that the URL in the provider's answer is the one
 * the merchant's frontend opens. An invalid or expired link gets the provider's plain error page.
 */
export function pageLinkRoutes(providers: readonly ProviderMock[]): PageLinkRoutes {
  const links = providers.flatMap((provider) => (provider.pageLinks ?? []).map((link) => ({ provider, link })))
  const paths = new Set(links.map(({ link }) => link.path))
  const routes = links.map(({ provider, link }) =>
    fetchRoute('GET', link.path, async ({ request }) => {
      const target = await link.page(new URL(request.url))
      if (!target) {
        const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(provider.contract.displayName)} · link not valid (Tokenproof test page)</title><style>${PAGE_STYLE}</style></head><body><main><h1>This payment link is not valid</h1><p role="alert">It has expired or was never issued. (Tokenproof test page.)</p></main></body></html>`
        return new Response(html, { status: 404, headers: { 'content-type': 'text/html; charset=utf-8' } })
      }
      return new Response(null, { status: 302, headers: { location: `${CONTROL_PREFIX}/pages/${provider.id}/${target.kind}/${encodeURIComponent(target.subject)}`, 'cache-control': 'no-store' } })
    }),
  )
  return { routes, serves: (pathname) => paths.has(pathname) }
}
