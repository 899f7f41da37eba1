import { setupServer, type SetupServer } from 'msw/node'
import { createMock, type MockOptions, type TokenproofMock } from './create-mock.ts'

export interface InProcessMock {
  readonly mock: TokenproofMock
  readonly server: SetupServer
  close(): void
}

/**
 * Intercepts this process's outgoing HTTP with the mock's handlers (msw `setupServer`). Requests to
 * hosts the mock does not serve pass through untouched, so a merchant endpoint in the same test
 * still receives notifications.
 */
export function startInProcessMock(options: MockOptions & { readonly mock?: TokenproofMock } = {}): InProcessMock {
  const mock = options.mock ?? createMock(options)
  const server = setupServer(...mock.handlers)
  server.listen({ onUnhandledRequest: 'bypass' })
  return {
    mock,
    server,
    close() {
      server.close()
      mock.close()
    },
  }
}
