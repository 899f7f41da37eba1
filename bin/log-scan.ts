import { cardNumbersIn } from '../mocks/engine/masking.ts'

/** Card data found in an app's output; `evidence` is masked (first 6 / last 4, CVV value removed). */
export interface LogFinding {
  readonly stream: 'stdout' | 'stderr'
  /** 1-based line number within that stream. */
  readonly line: number
  readonly kind: 'card_number' | 'cvv'
  readonly evidence: string
}

/** A CVV written next to its name: `cvc=737`, `"cvv": "123"`, `securityCode: 7373`, Adyen's `test_737`. */
const CVV_IN_TEXT = /\b(cvv2?|cvc2?|cvn|security_?code|card_?security_?code|encrypted_?security_?code)["']?\s*[:=]\s*["']?(?:test_)?\d{3,4}(?!\d)/gi

/** A line longer than this is scanned in pieces: a process printing without newlines must not grow memory. */
const MAX_LINE = 64 * 1024

/** Scans one line of output. */
export function scanLine(text: string): { kind: LogFinding['kind']; evidence: string }[] {
  const cards = cardNumbersIn(text).map((evidence) => ({ kind: 'card_number' as const, evidence }))
  const cvvs = [...text.matchAll(CVV_IN_TEXT)].map((m) => ({ kind: 'cvv' as const, evidence: `${m[1]}=[removed]` }))
  return [...cards, ...cvvs]
}

/**
 * Scans a stream of output chunks line by line, as a child writes them: a number split across two
 * chunks is still one number.
 */
export class LogScanner {
  readonly findings: LogFinding[] = []
  private readonly pending = { stdout: '', stderr: '' }
  private readonly lines = { stdout: 0, stderr: 0 }

  feed(stream: LogFinding['stream'], chunk: string): void {
    let text = this.pending[stream] + chunk
    let newline = text.indexOf('\n')
    while (newline !== -1) {
      this.scan(stream, text.slice(0, newline))
      text = text.slice(newline + 1)
      newline = text.indexOf('\n')
    }
    if (text.length > MAX_LINE) {
      // Keeps a tail long enough for a card number cut at the boundary.
      this.scanPiece(stream, text.slice(0, -32), this.lines[stream] + 1)
      text = text.slice(-32)
    }
    this.pending[stream] = text
  }

  /** Scans what is left after the streams end (a last line without a newline). */
  end(): LogFinding[] {
    for (const stream of ['stdout', 'stderr'] as const) {
      if (this.pending[stream] !== '') this.scan(stream, this.pending[stream])
      this.pending[stream] = ''
    }
    return this.findings
  }

  private scan(stream: LogFinding['stream'], line: string): void {
    this.lines[stream] += 1
    this.scanPiece(stream, line, this.lines[stream])
  }

  private scanPiece(stream: LogFinding['stream'], text: string, line: number): void {
    for (const found of scanLine(text)) this.findings.push({ stream, line, ...found })
  }
}

/** The findings as the lines `wrap` prints at the end. */
export function describeFindings(findings: readonly LogFinding[]): string {
  if (findings.length === 0) return 'no card numbers or CVVs in the app\'s output'
  const lines = findings.slice(0, 20).map((f) => `  ${f.stream} line ${f.line}: ${f.kind === 'card_number' ? 'card number' : 'CVV'} ${f.evidence}`)
  if (findings.length > 20) lines.push(`  … and ${findings.length - 20} more`)
  return `card data in the app's output (${findings.length}):\n${lines.join('\n')}`
}
