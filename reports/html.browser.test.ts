import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { contractRegistry } from '../contracts/registry.ts'
import { launchChromium } from '../mocks/test-support/browser.ts'
import { renderHtml } from './html.ts'
import { scenarioLabel, type ConformanceReport } from './model.ts'
import { sampleReport } from './test-support/sample-report.ts'

let browser: Browser
let report: ConformanceReport
let html: string
let dir: string
let page: Page
const consoleErrors: string[] = []
const pageErrors: string[] = []
const requests: string[] = []

beforeAll(async () => {
  const [built, launched] = await Promise.all([sampleReport({ fault: 'cvv_on_reuse', providers: ['antom', 'adyen'] }), launchChromium()])
  report = built
  browser = launched
  html = renderHtml(report)
  dir = await mkdtemp(join(tmpdir(), 'tokenproof-html-'))
  await mkdir('reports/out', { recursive: true })
  const file = join(dir, 'index.html')
  await writeFile(file, html)
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text())
  })
  page.on('pageerror', (error) => pageErrors.push(error.message))
  page.on('request', (request) => requests.push(request.url()))
  await page.goto(pathToFileURL(file).href)
}, 60_000)

afterAll(async () => {
  await browser?.close()
  if (dir) await rm(dir, { recursive: true, force: true })
})

const visibleRows = () => page.locator('table.matrix tbody tr:visible')

test('the report holds no test card number of any provider', () => {
  const numbers = Object.values(contractRegistry).flatMap((c) => c.testCards.map((card) => card.number))
  expect(numbers.length).toBeGreaterThan(0)
  for (const number of numbers) {
    expect(html).not.toContain(number)
    expect(JSON.stringify(report)).not.toContain(number)
  }
})

test('the matrix has one row per scenario and one column per provider, with the failed cells', async () => {
  const scenarios = new Set(report.providers.flatMap((p) => p.results.map((r) => scenarioLabel(r))))
  expect(await page.title()).toContain('Tokenproof conformance report')
  await expect.poll(() => visibleRows().count()).toBe(scenarios.size)
  const columns = await page.locator('table.matrix thead th[scope=col][data-provider]').allTextContents()
  expect(columns.map((c) => c.split(/\d/)[0]?.trim())).toEqual(['Antom', 'Adyen'])
  for (const row of await visibleRows().all()) expect(await row.locator('td').count()).toBe(2)

  const failed = page.locator('td[data-status=failed]')
  expect(await failed.count()).toBe(2)
  for (const cell of await failed.all()) {
    expect(await cell.isVisible()).toBe(true)
    expect(await cell.textContent()).toContain('failed')
    expect(await cell.textContent()).toContain('1 finding')
  }
  expect(await page.locator('tr[data-scenario=token-reuse] td[data-status=failed]').count()).toBe(2)
  const skipped = page.locator('td[data-status=skipped]').first()
  expect(await skipped.getAttribute('title')).toMatch(/the provider/)
  expect(await page.locator('.score').textContent()).toBe(`${Math.round(report.summary.score * 1000) / 10}%`)
})

test("expanding a finding shows its citation and its evidence: the reuse request with the CVV key, its value removed", async () => {
  const findings = page.locator('details.finding')
  expect(await findings.count()).toBe(2)
  const antom = page.locator('details.finding[data-provider=antom]')
  expect(await antom.locator('pre').first().isVisible()).toBe(false)
  await antom.locator('summary').click()
  expect(await antom.getAttribute('open')).not.toBeNull()
  const evidence = antom.locator('pre').first()
  expect(await evidence.isVisible()).toBe(true)
  expect(await evidence.textContent()).toContain('"cvv": "[removed]"')
  expect(await antom.locator('.exchange-line').first().textContent()).toMatch(/POST .*\/payments\/pay → 200/)
  expect(await antom.locator('.citation').textContent()).toContain('Antom Tokenization')
  expect(await antom.locator('.citation a').first().getAttribute('href')).toMatch(/^https:\/\/docs\.antom\.com\//)

  // The failed cell links to its finding, and following the link opens it.
  const adyen = page.locator('details.finding[data-provider=adyen]')
  expect(await adyen.getAttribute('open')).toBeNull()
  await page.locator('tr[data-scenario=token-reuse] td[data-provider=adyen] a').click()
  await expect.poll(() => adyen.getAttribute('open')).not.toBeNull()
  expect(await adyen.locator('pre').first().textContent()).toContain('"cvc": "[removed]"')
  await page.screenshot({ path: 'reports/out/html-report.png', fullPage: true })
})

test('filters: unchecking "passed" hides the rows and cells that passed; a provider hides its column and findings', async () => {
  expect(await page.locator('#filters').isVisible()).toBe(true)
  const allRows = await visibleRows().count()

  await page.locator('#filters input[name=status][value=passed]').uncheck()
  // Left: token-reuse (failed on both), and the rows with a skipped cell.
  const labels = [...new Set(report.providers.flatMap((p) => p.results.map((r) => scenarioLabel(r))))]
  const notAllPassed = labels.filter((label) => report.providers.some((p) => p.results.some((r) => scenarioLabel(r) === label && r.status !== 'passed')))
  expect(notAllPassed).toContain('token-reuse')
  await expect.poll(() => visibleRows().count()).toBe(notAllPassed.length)
  expect(await page.locator('tr[data-scenario="first-save-consent [server_to_server_enabled]"]').isVisible()).toBe(false)
  expect(await page.locator('tr[data-scenario=zero-amount-save] td[data-provider=adyen] .badge').isVisible()).toBe(false)
  expect(await page.locator('tr[data-scenario=zero-amount-save] td[data-provider=antom] .badge').isVisible()).toBe(true)
  expect(await page.locator('#filter-result').textContent()).toBe(`Showing ${notAllPassed.length} scenarios and 2 of 2 findings.`)
  await page.screenshot({ path: 'reports/out/html-report-filtered.png', fullPage: true })

  await page.locator('#filters input[name=provider][value=adyen]').uncheck()
  expect(await page.locator('table.matrix [data-provider=adyen]:visible').count()).toBe(0)
  expect(await page.locator('details.finding:visible').count()).toBe(1)

  await page.locator('#filters input[name=severity][value=critical]').uncheck()
  expect(await page.locator('details.finding:visible').count()).toBe(0)

  await page.locator('#filters button[type=reset]').click()
  await expect.poll(() => visibleRows().count()).toBe(allRows)
  expect(await page.locator('details.finding:visible').count()).toBe(2)
})

test('with JavaScript off everything shows and only the filters are missing', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false })
  try {
    const plain = await context.newPage()
    await plain.goto(pathToFileURL(join(dir, 'index.html')).href)
    expect(await plain.locator('#filters').isVisible()).toBe(false)
    expect(await plain.locator('table.matrix tbody tr:visible').count()).toBe(new Set(report.providers.flatMap((p) => p.results.map((r) => scenarioLabel(r)))).size)
    expect(await plain.locator('details.finding:visible').count()).toBe(2)
    await plain.locator('details.finding[data-provider=antom] summary').click()
    expect(await plain.locator('details.finding[data-provider=antom] pre').first().isVisible()).toBe(true)
  } finally {
    await context.close()
  }
})

test('no console errors, no page errors, and nothing loaded but the page itself', () => {
  expect(consoleErrors).toEqual([])
  expect(pageErrors).toEqual([])
  expect(requests.every((url) => url.startsWith('file://'))).toBe(true)
})
