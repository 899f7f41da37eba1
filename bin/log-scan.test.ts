import { expect, test } from 'vitest'
import { describeFindings, LogScanner, scanLine } from './log-scan.ts'

test('a Luhn-valid card number is found and masked, in the shapes logs write it', () => {
  expect(scanLine('charging 4111111111111111 now')).toEqual([{ kind: 'card_number', evidence: '411111******1111' }])
  expect(scanLine('card: 5555-5555-5555-4444')).toEqual([{ kind: 'card_number', evidence: '555555******4444' }])
  expect(scanLine('{"number":"4000 0200 0000 0000"}')).toEqual([{ kind: 'card_number', evidence: '400002******0000' }])
})

test('numbers that are not cards are not reported: failed Luhn, timestamps, ids, UUIDs', () => {
  expect(scanLine('order 4111111111111112 at 1768464000000')).toEqual([])
  expect(scanLine('merchant SANDBOX_5X00000000000000 id 123e4567-e89b-12d3-a456-426614174000')).toEqual([])
})

test('a CVV next to its name is found, its value never shown', () => {
  const found = scanLine('body {"cvc":"737","encryptedSecurityCode":"test_737"} cvv=123 securityCode: 7373')
  expect(found.map((f) => f.evidence)).toEqual(['cvc=[removed]', 'encryptedSecurityCode=[removed]', 'cvv=[removed]', 'securityCode=[removed]'])
  expect(JSON.stringify(found)).not.toMatch(/737|123/)
  expect(scanLine('cvcResult 1 Matches, amount 1000')).toEqual([])
})

test('the scanner reads lines across chunks and streams, numbering lines per stream', () => {
  const scanner = new LogScanner()
  scanner.feed('stdout', 'starting\ncard 41111111')
  scanner.feed('stderr', 'warn: cvv=999\n')
  scanner.feed('stdout', '11111111 saved\nlast line 5555555555554444')
  expect(scanner.end()).toEqual([
    { stream: 'stderr', line: 1, kind: 'cvv', evidence: 'cvv=[removed]' },
    { stream: 'stdout', line: 2, kind: 'card_number', evidence: '411111******1111' },
    { stream: 'stdout', line: 3, kind: 'card_number', evidence: '555555******4444' },
  ])
})

test('output without newlines is scanned in bounded pieces', () => {
  const scanner = new LogScanner()
  scanner.feed('stdout', `${'x'.repeat(70_000)} 4111111111111111 `)
  scanner.feed('stdout', 'y'.repeat(70_000))
  expect(scanner.end().map((f) => f.evidence)).toEqual(['411111******1111'])
})

test('the summary names stream, line and masked evidence only', () => {
  const text = describeFindings([{ stream: 'stdout', line: 3, kind: 'card_number', evidence: '411111******1111' }])
  expect(text).toContain('stdout line 3: card number 411111******1111')
  expect(describeFindings([])).toMatch(/no card numbers/)
})
