import { expect, test } from 'vitest'
import { sequenceSvg } from './sequence.ts'

test('a scenario run\'s evidence becomes one arrow per exchange between the right lifelines, labels escaped', () => {
  const svg = sequenceSvg(
    [
      { direction: 'driver', operation: 'startPayment', status: 200 },
      { direction: 'inbound', operation: 'pay', status: 200 },
      { direction: 'outbound', operation: 'notifyPayment<script>', status: 500 },
      { direction: 'mock', note: 'payment failed' },
    ],
    'Sequence of S-01',
  )
  const arrows = [...svg.matchAll(/<line x1="(\d+)" y1="\d+" x2="(\d+)" y2="\d+" stroke="#(?:0b4f9c|c2410c)"/g)].map((m) => [Number(m[1]), Number(m[2])])
  // suite → merchant, merchant → provider, provider → merchant; the mock's record is a note, not an arrow.
  expect(arrows).toEqual([
    [90, 300],
    [300, 510],
    [510, 300],
  ])
  expect(svg).toContain('notifyPayment&lt;script&gt; → 500')
  expect(svg).not.toContain('<script>')
  expect(svg).toContain('record: payment failed')
  expect(svg).toMatch(/<title>Sequence of S-01: Test suite to Merchant: startPayment → 200; Merchant to Provider \(mock\): pay → 200;/)
})
