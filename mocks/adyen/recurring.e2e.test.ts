/**
 * The legacy and current tokenization fields of Checkout v71/v72, and the Recurring API over the
 * stored cards they create, on the standalone server; every answer is judged by Adyen's OpenAPI.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import { storageOf } from './tokenization.ts'
import { encryptedCard, MERCHANT, sessionRequest, startAdyenFixture, uniqueRef, type AdyenFixture } from './test-support/fixture.ts'
import { verdicts } from './test-support/judge.ts'

let fx: AdyenFixture
beforeAll(async () => {
  fx = await startAdyenFixture()
})
afterAll(() => fx.close())
beforeEach(() => fx.fresh())

const SHOPPER = 'shopper-legacy-01'

/** Pays a session created with `fields` in Drop-in (ticking "save" when `tick`), and returns the RECURRING_CONTRACT tokens. */
async function payThroughSession(version: string, fields: Record<string, unknown>, tick?: boolean): Promise<string[]> {
  const base: Record<string, unknown> = sessionRequest({ shopperReference: SHOPPER, amount: { currency: 'EUR', value: 0 } })
  delete base.recurringProcessingModel
  const created = await fx.call('POST', `/${version}/sessions`, { ...base, ...fields })
  expect(created.status).toBe(201)
  const paid = await fx.buyerPay({ sessionId: created.body.id, paymentMethod: encryptedCard(), ...(tick !== undefined ? { storePaymentMethod: tick } : {}) })
  expect(paid.body.resultCode).toBe('Authorised')
  await fx.settle()
  return fx.merchant.byEvent('RECURRING_CONTRACT').filter((w) => w.item.originalReference === paid.body.pspReference).map((w) => w.item.pspReference)
}

const recurring = (op: string, body: Record<string, unknown>, root = '/pal/servlet/Recurring/v68') => fx.call('POST', `${root}/${op}`, { merchantAccount: MERCHANT, shopperReference: SHOPPER, ...body })

describe('tokenization fields, in the order Adyen documents', () => {
  test.each([
    ['v71', { enableRecurring: true }, undefined, 1],
    ['v72', { enableRecurring: true }, undefined, 1],
    ['v71', { enablePayOut: true }, undefined, 1],
    ['v71', { enableOneClick: true }, true, 1],
    ['v71', { enableOneClick: true }, false, 0],
    ['v71', { storePaymentMethod: true, recurringProcessingModel: 'CardOnFile' }, undefined, 1],
    ['v71', { storePaymentMethodMode: 'disabled', enableRecurring: true }, undefined, 0],
    ['v71', { storePaymentMethod: false, enableRecurring: true }, undefined, 0],
    ['v71', { enableRecurring: false }, undefined, 0],
    ['v72', {}, undefined, 0],
  ] as const)('%s /sessions with %j (shopper ticks: %s) stores %i card(s)', async (version, fields, tick, stored) => {
    expect(await payThroughSession(version, fields, tick)).toHaveLength(stored)
  })

  test('/payments: enableRecurring and enableOneClick store with card data; the token carries their contract types', async () => {
    const paid = await fx.call('POST', '/v71/payments', {
      merchantAccount: MERCHANT,
      reference: uniqueRef('legacy'),
      amount: { currency: 'EUR', value: 0 },
      paymentMethod: encryptedCard(),
      shopperReference: SHOPPER,
      enableRecurring: true,
      enableOneClick: true,
      returnUrl: 'https://merchant.example/return',
    })
    expect(paid.body.resultCode).toBe('Authorised')
    await fx.settle()
    const listed = await recurring('listRecurringDetails', {})
    const details = listed.body.details as Array<{ RecurringDetail: { contractTypes: string[]; card: { number: string } } }>
    expect(details.map((d) => d.RecurringDetail.contractTypes.sort())).toEqual([['ONECLICK', 'RECURRING']])
    expect(details[0]?.RecurringDetail.card.number).toBe('1111')
  })

  test('the precedence table: the session answer echoes the legacy booleans and says whether storing applies', async () => {
    const created = await fx.call('POST', '/v71/sessions', sessionRequest({ shopperReference: SHOPPER, enableRecurring: true, enableOneClick: false }))
    expect(created.body).toMatchObject({ enableRecurring: true, enableOneClick: false, storePaymentMethod: true })
    expect(storageOf({ shopperReference: SHOPPER, enableOneClick: true, enableRecurring: true }, 'sessions')).toMatchObject({ mode: 'enabled', contracts: ['RECURRING', 'ONECLICK'] })
    expect(storageOf({ enableRecurring: true }, 'payments')).toMatchObject({ mode: 'enabled', withoutShopperReference: true })
  })
})

describe('Recurring API v68', () => {
  test('listRecurringDetails, then disable: the token is gone for Checkout too (422 800 Contract not found)', async () => {
    const [token] = await payThroughSession('v71', { enableRecurring: true })
    const listed = await recurring('listRecurringDetails', { recurring: { contract: 'RECURRING' } })
    expect(listed.status).toBe(200)
    expect((listed.body.details as Array<{ RecurringDetail: { recurringDetailReference: string } }>).map((d) => d.RecurringDetail.recurringDetailReference)).toEqual([token])
    expect((await recurring('listRecurringDetails', { recurring: { contract: 'PAYOUT' } })).body.details).toEqual([])

    const disabled = await recurring('disable', { recurringDetailReference: token })
    expect(disabled.body).toEqual({ response: '[detail-successfully-disabled]' })
    expect((await recurring('listRecurringDetails', {})).body.details).toEqual([])
    const stored = await fx.call('GET', `/v71/storedPaymentMethods?shopperReference=${SHOPPER}&merchantAccount=${MERCHANT}`)
    expect(stored.body.storedPaymentMethods).toEqual([])

    const reuse = await fx.call('POST', '/v71/payments', {
      merchantAccount: MERCHANT,
      reference: uniqueRef('after-disable'),
      amount: { currency: 'EUR', value: 1299 },
      paymentMethod: { type: 'scheme', storedPaymentMethodId: token },
      shopperReference: SHOPPER,
      shopperInteraction: 'ContAuth',
      recurringProcessingModel: 'Subscription',
    })
    expect(reuse.status).toBe(422)
    expect(reuse.body).toMatchObject({ errorCode: '800', message: expect.stringContaining('Contract not found') })

    const again = await recurring('disable', { recurringDetailReference: token })
    expect(again.status).toBe(422)
    expect(again.body.errorCode).toBe('800')
  })

  test('disable by contract type keeps a detail that still has another; all details at once; the paltokenization host and older versions', async () => {
    const [token] = await payThroughSession('v72', { storePaymentMethodMode: 'enabled', recurringProcessingModel: 'CardOnFile' })
    const partly = await recurring('disable', { recurringDetailReference: token, contract: 'RECURRING' }, '/paltokenization/servlet/Recurring/v68')
    expect(partly.body).toEqual({ response: '[detail-successfully-disabled]' })
    const left = await recurring('listRecurringDetails', {}, '/pal/servlet/Recurring/v49')
    expect((left.body.details as Array<{ RecurringDetail: { contractTypes: string[] } }>).map((d) => d.RecurringDetail.contractTypes)).toEqual([['ONECLICK']])
    const all = await recurring('disable', {}, '/pal/servlet/Recurring/v25')
    expect(all.body).toEqual({ response: '[all-details-successfully-disabled]' })
    expect((await recurring('listRecurringDetails', {})).body.details).toEqual([])
  })

  test('an unknown detail is 803, another merchant account 403, a missing shopperReference 422, all in the Recurring ServiceError shape', async () => {
    await payThroughSession('v71', { enableRecurring: true })
    expect((await recurring('disable', { recurringDetailReference: 'ABCDEFGHIJKLMNOP' })).body).toMatchObject({ status: 422, errorCode: '803' })
    expect((await recurring('listRecurringDetails', { merchantAccount: 'SomeoneElse' })).status).toBe(403)
    expect((await fx.call('POST', '/pal/servlet/Recurring/v68/disable', { merchantAccount: MERCHANT })).body).toMatchObject({ status: 422, errorCode: '701' })
  })

  test('notifyShopper and scheduleAccountUpdater act on a stored detail', async () => {
    const [token] = await payThroughSession('v71', { enableRecurring: true })
    const notified = await recurring('notifyShopper', { storedPaymentMethodId: token, amount: { currency: 'INR', value: 1000 }, reference: uniqueRef('pre-debit') })
    expect(notified.body).toMatchObject({ resultCode: 'Success', storedPaymentMethodId: token })
    const updater = await fx.call('POST', '/pal/servlet/Recurring/v68/scheduleAccountUpdater', { merchantAccount: MERCHANT, reference: uniqueRef('au'), shopperReference: SHOPPER, selectedRecurringDetailReference: token })
    expect(updater.body).toMatchObject({ result: 'Success' })
  })

  test('every answer was judged by RecurringService-v68.json', () => {
    expect(verdicts.filter((v) => v.spec === 'recurringV68').length).toBeGreaterThan(10)
  })
})
