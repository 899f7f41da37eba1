import dns from 'node:dns'
import { afterEach, expect, test, vi } from 'vitest'
import { inProcess } from './mock-properties.ts'
import type { NotificationSpec } from '../../mocks/engine/outbox.ts'

afterEach(() => vi.restoreAllMocks())

const spec = (url: string): NotificationSpec => ({
  provider: 'antom',
  kind: 'notifyPayment',
  subject: 'pay_1',
  url,
  body: '{}',
  schedule: { delaysMs: [0], attemptTimeoutMs: 1_000, source: 'test' },
  sign: () => ({ 'content-type': 'application/json' }),
  isAcknowledged: (answer: { status: number }) => answer.status === 200,
})

// Generated notification URLs name reserved hosts; a lookup of each would queue on libuv's pool
// behind the signatures and keep the process alive long after the run.
test('the in-process transport answers notifications to generated hosts itself, with no DNS lookup', async () => {
  const lookup = vi.spyOn(dns, 'lookup')
  const running = await inProcess.start('antom')
  try {
    const outbox = running.mock.engine.outbox
    const records = ['https://merchant.example/notify', 'http://a.b.test:8080/n?x=1', 'https://x.invalid/'].map((url) => outbox.enqueue(spec(url)))
    await outbox.idle()
    for (const record of records) expect(outbox.get(record.id)?.attempts[0]).toMatchObject({ status: 200, acknowledged: true })
    expect(lookup).not.toHaveBeenCalled()
  } finally {
    await running.close()
  }
})

test('a notification to any other host still goes out on the wire', async () => {
  const lookup = vi.spyOn(dns, 'lookup')
  const running = await inProcess.start('antom')
  try {
    const outbox = running.mock.engine.outbox
    const record = outbox.enqueue(spec('http://merchant.localhost.tokenproof-unresolvable/'))
    await outbox.idle()
    expect(lookup).toHaveBeenCalledWith('merchant.localhost.tokenproof-unresolvable', expect.anything(), expect.any(Function))
    expect(outbox.get(record.id)?.attempts[0]?.status).toBeUndefined()
  } finally {
    await running.close()
  }
})
