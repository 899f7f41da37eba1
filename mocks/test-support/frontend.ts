import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { Browser, Page } from 'playwright-core'
import { expect } from 'vitest'

/** Where the browser tests of the hosted pages write their screenshots (git-ignored, linked from the README). */
export const SHOTS = 'reports/out/frontend'

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

/** Runs axe-core in the page: no serious or critical violation is allowed. */
export async function noSeriousViolations(page: Page): Promise<void> {
  await page.addScriptTag({ content: axeSource })
  const violations = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(): Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe
    const result = await axe.run()
    return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => ({ id: v.id, targets: v.nodes.map((n) => n.target.join(' ')) }))
  })
  expect(violations).toEqual([])
}

/** Collects the page's console errors and uncaught exceptions, for the test to expect none. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = []
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text())
  })
  page.on('pageerror', (error) => errors.push(error.message))
  return errors
}

/**
 * Opens the dashboard of the mock at `mockUrl`, filtered on `provider`: the token is listed, the
 * payment succeeded, its notifications were acknowledged, and its exchanges draw as a sequence
 * picture. Checked with axe-core and screenshotted as `dashboard-<provider>.png`.
 */
export async function dashboardShows(browser: Browser, mockUrl: string, token: string, provider: string): Promise<void> {
  const page = await browser.newPage()
  const errors = watchErrors(page)
  await page.goto(`${mockUrl}/__tokenproof/ui`)
  await page.waitForSelector('body[data-loaded]')
  await page.selectOption('#f-provider', provider)
  await expect.poll(() => page.textContent('#tokens-list')).toContain(token)
  expect(await page.textContent('#payments-list')).toContain('succeeded')
  expect(await page.textContent('#notifications-list')).toContain('acknowledged')
  // A payment's id draws its recorded exchanges as a sequence picture.
  await page.click('#payments-list tbody button')
  await page.waitForSelector('#sequence svg')
  expect(await page.textContent('#sequence svg title')).toMatch(/merchant to provider/)
  await noSeriousViolations(page)
  await page.screenshot({ path: `${SHOTS}/dashboard-${provider}.png`, fullPage: true })
  expect(errors).toEqual([])
  await page.close()
}
