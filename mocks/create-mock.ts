import type { HttpHandler } from 'msw'
import { createMockCore, type MockCore, type MockOptions } from './core.ts'
import { mswHandler, mswRouterHandler } from './engine/msw-adapter.ts'

export type { MockOptions } from './core.ts'

/** The mock's core with its msw handlers: for setupServer, a user's own msw set-up, or the standalone server. */
export interface TokenproofMock extends MockCore {
  /** Provider routes first, then the control API and the page links. */
  readonly handlers: HttpHandler[]
}

/**
 * Builds the mocks of the chosen providers over one engine. The handlers serve in-process through
 * msw's `setupServer`; `startMockServer` serves the same core over real HTTP, identically.
 */
export function createMock(options: MockOptions = {}): TokenproofMock {
  const core = createMockCore(options)
  // Provider routes first: msw offers a request to each handler in turn (cloning it, parsing its
  // cookies and URL every time), and merchants' calls are the traffic that matters; control paths
  // never overlap them.
  const handlers: HttpHandler[] = [...core.tables.map(mswHandler), mswRouterHandler(core.control), mswRouterHandler(core.pageLinks)]
  return { ...core, handlers }
}
