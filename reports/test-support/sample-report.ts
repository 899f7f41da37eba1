/**
 * A real report for the renderers' tests: a conformance run of the bundled reference merchant,
 * with one deliberate fault switched on so that the report holds findings and evidence.
 */
import { startBundledTarget } from '../../examples/reference-merchant/bundled.ts'
import type { MerchantFault } from '../../examples/reference-merchant/faults.ts'
import { runConformance } from '../../suites/run.ts'
import { buildReport, type ConformanceReport } from '../model.ts'

export async function sampleReport(options: { readonly fault?: MerchantFault; readonly providers?: readonly string[] } = {}): Promise<ConformanceReport> {
  const providers = options.providers ?? ['antom']
  const target = await startBundledTarget({ providers, ...(options.fault ? { faults: new Set([options.fault]) } : {}) })
  try {
    return buildReport(await runConformance(target, { providers }), '0.0.0-test')
  } finally {
    await target.close()
  }
}
