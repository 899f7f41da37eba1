import { expect, test } from 'vitest'
import { SESSION_BODY } from './adyen.ts'
import { CreateCheckoutSessionRequest } from '../contracts/adyen/schemas.ts'

test('the bench sends a /sessions request the contract accepts', () => {
  expect(CreateCheckoutSessionRequest.safeParse(JSON.parse(SESSION_BODY)).success).toBe(true)
})
