import { antomMock } from './antom/index.ts'
import type { ProviderMockFactory } from './engine/provider-mock.ts'

/** Every provider mock, by id. A new provider is one line here. */
export const mockRegistry = {
  antom: antomMock,
} as const satisfies Record<string, ProviderMockFactory>

export type MockProviderId = keyof typeof mockRegistry
