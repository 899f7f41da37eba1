import { adyenMock } from './adyen/index.ts'
import { antomMock } from './antom/index.ts'
import { appotapayMock } from './appotapay/index.ts'
import type { ProviderMockFactory } from './engine/provider-mock.ts'
import { pivotMock } from './pivot/index.ts'

/** Every provider mock, by id. A new provider is one line here. */
export const mockRegistry = {
  antom: antomMock,
  appotapay: appotapayMock,
  pivot: pivotMock,
  adyen: adyenMock,
} as const satisfies Record<string, ProviderMockFactory>

export type MockProviderId = keyof typeof mockRegistry
