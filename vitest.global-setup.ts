import { chromiumPath } from './mocks/test-support/browser.ts'

/**
 * Unpacks the npm-installed Chromium once, before the test workers start: two workers unpacking it
 * at the same moment could launch a half-written binary.
 */
export default async function setup(): Promise<void> {
  await chromiumPath()
}
