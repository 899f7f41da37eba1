import { expect, test } from 'vitest'
import { fetchRoute, fetchRouter } from './fetch-routes.ts'

const router = fetchRouter([
  fetchRoute('GET', '/x/items/:id', ({ params }) => Response.json({ route: 'get-item', id: params.id })),
  fetchRoute('GET', '/x/items/special', () => Response.json({ route: 'special' })),
  fetchRoute('DELETE', '/x/items/:id', () => new Response(null, { status: 204 })),
  fetchRoute(undefined, '/x/*', () => Response.json({ route: 'catch-all' }, { status: 404 })),
])

const answer = async (method: string, url: string): Promise<unknown> => {
  const response = await router.answer(new Request(url, { method }))
  return response === undefined ? undefined : { status: response.status, body: response.status === 204 ? null : await response.json() }
}

test('the first route in order whose method fits answers, with its path parameters decoded; any origin', async () => {
  expect(await answer('GET', 'http://a.test/x/items/a%20b?q=1')).toEqual({ status: 200, body: { route: 'get-item', id: 'a b' } })
  // Declared after a pattern that matches it too: msw's order, the earlier one wins.
  expect(await answer('GET', 'http://other.test:81/x/items/special')).toEqual({ status: 200, body: { route: 'get-item', id: 'special' } })
  expect(await answer('DELETE', 'http://a.test/x/items/1')).toEqual({ status: 204, body: null })
  expect(await answer('POST', 'http://a.test/x/items/1')).toEqual({ status: 404, body: { route: 'catch-all' } })
})

test('a path no route serves gets no answer (the adapter decides), and a bad escape stays as sent', async () => {
  expect(await answer('GET', 'http://a.test/y')).toBeUndefined()
  expect(router.find('GET', 'http://a.test/x/items/%E0%A4%A')?.params).toEqual({ id: '%E0%A4%A' })
})
