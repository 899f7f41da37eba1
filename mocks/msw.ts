/**
 * The mock as msw request handlers, for a test set-up that owns its own msw server or worker:
 * `setupServer(...createMock(options).handlers)`. `startInProcessMock` does exactly that for you.
 */
export { createMock, type MockOptions, type TokenproofMock } from './create-mock.ts'
export { mswHandler, mswRouterHandler } from './engine/msw-adapter.ts'
