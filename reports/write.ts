/**
 * Writes a report in every format into one folder: report.json (the model), junit.xml,
 * summary.md and index.html. The same files whether the run came from `tokenproof run` or from a
 * user's own vitest run with the Tokenproof reporter.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { renderHtml } from './html.ts'
import { renderJunit } from './junit.ts'
import { renderMarkdown } from './markdown.ts'
import type { ConformanceReport } from './model.ts'

export const REPORT_FILES = { json: 'report.json', junit: 'junit.xml', markdown: 'summary.md', html: 'index.html' } as const

export type ReportFormat = keyof typeof REPORT_FILES

export const REPORT_FORMATS = Object.keys(REPORT_FILES) as ReportFormat[]

const RENDER: Record<ReportFormat, (report: ConformanceReport) => string> = {
  json: (report) => `${JSON.stringify(report, null, 2)}\n`,
  junit: renderJunit,
  markdown: renderMarkdown,
  html: renderHtml,
}

/** Returns the paths written. */
export async function writeReports(report: ConformanceReport, outDir: string, formats: readonly ReportFormat[] = REPORT_FORMATS): Promise<string[]> {
  await mkdir(outDir, { recursive: true })
  const written: string[] = []
  for (const format of formats) {
    const path = join(outDir, REPORT_FILES[format])
    await writeFile(path, RENDER[format](report))
    written.push(path)
  }
  return written
}
