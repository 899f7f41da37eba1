import { escapeHtml } from './html-escape.ts'
import type { ReportFinding } from './model.ts'

type Evidence = ReportFinding['evidence'][number]

/** The lifelines, left to right: who drives the merchant, the merchant, the mock provider. */
const LANES = ['Test suite', 'Merchant', 'Provider (mock)'] as const
const X = [90, 300, 510] as const
const ROW = 34
const TOP = 62

interface Step {
  readonly from: number
  readonly to: number
  readonly label: string
}

/** Where each kind of evidence goes: a driver call is suite → merchant, a call to the provider merchant → provider, a notification provider → merchant, the mock's record a note on the provider. */
function stepOf(evidence: Evidence): Step {
  const what = evidence.operation ?? evidence.method ?? ''
  const status = evidence.status === undefined ? '' : ` → ${evidence.status}`
  switch (evidence.direction) {
    case 'driver':
      return { from: 0, to: 1, label: `${what}${status}` }
    case 'inbound':
      return { from: 1, to: 2, label: `${what}${status}` }
    case 'outbound':
      return { from: 2, to: 1, label: `${what}${status}` }
    case 'mock':
      return { from: 2, to: 2, label: `record: ${what || (evidence.note ?? '').slice(0, 60)}` }
  }
}

/**
 * A scenario run's recorded exchanges as a sequence picture: inline SVG (no script, no external
 * asset, allowed by the report's Content-Security-Policy), text labels escaped, and a `<title>`
 * that says the same in words for screen readers.
 */
export function sequenceSvg(evidence: readonly Evidence[], caption: string): string {
  const steps = evidence.map(stepOf)
  const height = TOP + steps.length * ROW + 16
  const lanes = LANES.map(
    (name, i) =>
      `<rect x="${X[i] - 75}" y="8" width="150" height="28" rx="3" fill="#eef2f7" stroke="#0b4f9c"/><text x="${X[i]}" y="27" text-anchor="middle">${name}</text><line x1="${X[i]}" y1="36" x2="${X[i]}" y2="${height - 6}" stroke="#777" stroke-dasharray="4 3"/>`,
  )
  const arrows = steps.map((step, i) => {
    const y = TOP + i * ROW
    const label = escapeHtml(step.label.length > 70 ? `${step.label.slice(0, 67)}…` : step.label)
    if (step.from === step.to) {
      return `<rect x="${X[step.from] - 70}" y="${y - 16}" width="140" height="22" fill="#fff4ce" stroke="#8a6d00"/><text x="${X[step.from]}" y="${y}" text-anchor="middle">${label}</text>`
    }
    const colour = step.from < step.to ? '#0b4f9c' : '#c2410c'
    // The arrowhead drawn in place: a marker would need url(#…), which the report's loads-nothing check forbids.
    const tip = X[step.to]
    const back = step.from < step.to ? tip - 8 : tip + 8
    return `<text x="${(X[step.from] + X[step.to]) / 2}" y="${y - 6}" text-anchor="middle">${label}</text><line x1="${X[step.from]}" y1="${y}" x2="${X[step.to]}" y2="${y}" stroke="${colour}" stroke-width="1.5"/><path d="M${back},${y - 4} L${tip},${y} L${back},${y + 4} z" fill="${colour}"/>`
  })
  const words = steps.map((s) => `${s.from === s.to ? LANES[s.from] : `${LANES[s.from]} to ${LANES[s.to]}`}: ${s.label}`).join('; ')
  return `<svg class="sequence" width="600" height="${height}" viewBox="0 0 600 ${height}" role="img" aria-label="${escapeHtml(`${caption}: ${words}`)}" font-family="system-ui,sans-serif" font-size="12">
<title>${escapeHtml(`${caption}: ${words}`)}</title>
${lanes.join('\n')}
${arrows.join('\n')}
</svg>`
}
