import { beforeAll, describe, expect, test } from 'vitest'
import { contractRegistry } from '../contracts/registry.ts'
import { escapeAttribute, renderJunit } from './junit.ts'
import { scenarioLabel, type ConformanceReport } from './model.ts'
import { constructedReport, exchange, finding, outcome } from './test-support/constructed-report.ts'
import { sampleReport } from './test-support/sample-report.ts'
import { xmllint } from './test-support/xmllint.ts'

const validate = (xml: string) => xmllint(xml, ['--noout', '--schema', 'junit.xsd'])
const xpath = async (xml: string, expression: string) => (await xmllint(xml, ['--xpath', expression])).stdout.trim()

const allFindings = (report: ConformanceReport) => report.providers.flatMap((p) => p.results.flatMap((r) => r.findings))
const testCardNumbers = Object.values(contractRegistry).flatMap((c) => c.testCards.map((card) => card.number))

describe('a real report (cvv_on_reuse, antom and adyen)', () => {
  let report: ConformanceReport
  let xml: string
  beforeAll(async () => {
    report = await sampleReport({ fault: 'cvv_on_reuse', providers: ['antom', 'adyen'] })
    xml = renderJunit(report)
  }, 120_000)

  test('validates against the JUnit schema', async () => {
    const result = await validate(xml)
    expect(result.stderr).toContain('validates')
    expect(result.code).toBe(0)
  })

  test('one testsuite per provider, one testcase per scenario, the counts of the model', async () => {
    expect(report.providers.map((p) => p.id)).toEqual(['antom', 'adyen'])
    expect(await xpath(xml, 'count(/testsuites/testsuite)')).toBe('2')
    for (const provider of report.providers) {
      const suite = `/testsuites/testsuite[@name='${provider.id}']`
      expect(await xpath(xml, `count(${suite}/testcase)`)).toBe(String(provider.results.length))
      expect(await xpath(xml, `string(${suite}/@tests)`)).toBe(String(provider.results.length))
      expect(await xpath(xml, `string(${suite}/@failures)`)).toBe(String(provider.counts.failed))
      expect(await xpath(xml, `string(${suite}/@errors)`)).toBe(String(provider.counts.error))
      expect(await xpath(xml, `string(${suite}/@skipped)`)).toBe(String(provider.counts.skipped))
      expect(await xpath(xml, `count(${suite}/testcase[@classname='tokenproof.${provider.id}'])`)).toBe(String(provider.results.length))
      expect(await xpath(xml, `count(${suite}/testcase/failure)`)).toBe(String(provider.results.flatMap((r) => r.findings).length))
    }
    const findings = allFindings(report)
    expect(findings.length).toBeGreaterThan(0)
    expect(await xpath(xml, 'count(//failure)')).toBe(String(findings.length))
    expect(await xpath(xml, 'sum(/testsuites/testsuite/@failures)')).toBe(String(report.summary.scenarios.failed))
    expect(await xpath(xml, 'string(/testsuites/@tests)')).toBe(String(report.providers.reduce((n, p) => n + p.results.length, 0)))
  })

  test('a finding is a failure: rule and severity in its message, the rule as its type, title, citation and evidence in its text', async () => {
    const [first] = allFindings(report)
    expect(first).toBeDefined()
    const path = `//testsuite[@name='${first!.provider}']/testcase[starts-with(@name, '${scenarioLabel(first!)}:')]/failure[1]`
    expect(await xpath(xml, `string(${path}/@message)`)).toBe(`${first!.ruleId} ${first!.severity}: ${first!.message}`)
    expect(await xpath(xml, `string(${path}/@type)`)).toBe(first!.ruleId)
    const text = await xpath(xml, `string(${path})`)
    expect(text).toContain(first!.title)
    expect(text).toContain(first!.citation)
    const evidence = first!.evidence[0]!
    expect(text).toContain(`${evidence.method} ${evidence.url} -> ${evidence.status}`)
    expect(text).toContain('"cvv": "[removed]"') // the JSON request body, as text
  })

  test('a skipped scenario renders <skipped> with its reason', async () => {
    const skipped = report.providers.flatMap((p) => p.results).filter((r) => r.status === 'skipped')
    expect(skipped.length).toBeGreaterThan(0)
    expect(await xpath(xml, 'count(//testcase/skipped)')).toBe(String(skipped.length))
    for (const r of skipped) expect(xml).toContain(`<skipped message="${escapeAttribute(r.reason!)}"/>`)
  })

  test('holds no test card number of any contract', () => {
    expect(testCardNumbers.length).toBeGreaterThan(10)
    for (const number of testCardNumbers) expect(xml).not.toContain(number)
  })
})

describe('escaping', () => {
  const hostile = `<b>&"quoted" 'single'</b>\u0001\u0008\u000B\u001F\uFFFE\uD800 end`
  const report = constructedReport({
    antom: [
      outcome('antom', 'token-reuse', {
        title: 'a <title> & more',
        findings: [finding('antom', 'token-reuse', { message: hostile, citation: 'see "§3" & <this>\r\nnext line', evidence: [exchange({ note: hostile, request: { text: hostile } })] })],
      }),
      outcome('antom', 'lost-answer', { status: 'error', reason: 'driver said: <500> & "bye"\u0000' }),
      outcome('antom', 'zero-amount-save', { status: 'skipped', reason: `no "zero" & <amount>\u0007` }),
    ],
  })
  const xml = renderJunit(report)

  test('markup characters are escaped, forbidden characters dropped', async () => {
    // eslint-disable-next-line no-control-regex
    expect(xml).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/)
    expect(xml).not.toMatch(/[\uD800-\uDFFF]/)
    expect(xml).toContain('message="TP-REUSE-002 critical: &lt;b&gt;&amp;&quot;quoted&quot; &apos;single&apos;&lt;/b&gt; end"')
    expect(xml).toContain('<skipped message="no &quot;zero&quot; &amp; &lt;amount&gt;"/>')
    expect(xml).not.toContain('<b>')
    const result = await validate(xml)
    expect(result.stderr).toContain('validates')
    expect(result.code).toBe(0)
  })

  test('a parser reads back the text, less the forbidden characters', async () => {
    expect(await xpath(xml, 'string(//failure/@message)')).toBe(`TP-REUSE-002 critical: <b>&"quoted" 'single'</b> end`)
    expect(await xpath(xml, 'string(//testcase/error/@message)')).toBe('driver said: <500> & "bye"')
    expect(await xpath(xml, 'string(//testcase[1]/@name)')).toBe('token-reuse: a <title> & more')
    const text = await xpath(xml, 'string(//failure)')
    expect(text).toContain('Citation: see "§3" & <this>\r\nnext line') // the CR kept, as a reference
    expect(text).toContain(`note: <b>&"quoted" 'single'</b> end`)
  })

  test('an error scenario renders <error> with its reason', () => {
    expect(xml).toContain('<error message="driver said: &lt;500&gt; &amp; &quot;bye&quot;" type="error">')
    expect(xml).toMatch(/<testsuite [^>]*errors="1"/)
  })
})

describe('the schema has teeth', () => {
  const good = renderJunit(constructedReport({ antom: [outcome('antom', 'token-reuse', { findings: [finding('antom', 'token-reuse')] })] }))

  test('the constructed report validates', async () => {
    expect((await validate(good)).code).toBe(0)
  })

  test.each([
    ['a wrong root', good.replace(/<testsuites(?=[ >])/, '<testresults').replace('</testsuites>', '</testresults>')],
    ['a lone failure as the root', '<?xml version="1.0"?>\n<failure message="x" type="y">text</failure>\n'],
    ['a testcase without a name', good.replace(/(<testcase [^>]*?) name="[^"]*"/, '$1')],
    ['a failure outside a testcase', good.replace('<properties>', '<failure message="x" type="y">loose</failure>\n    <properties>')],
    ['a testsuite without tests', good.replace(/(<testsuite [^>]*?) tests="\d+"/, '$1')],
    ['a count that is not a number', good.replace(/(<testsuite [^>]*?) failures="\d+"/, '$1 failures="one"')],
    ['an unknown element in a testcase', good.replace('<system-out>', '<note>hi</note><system-out>')],
  ])('xmllint rejects %s', async (_, broken) => {
    expect(broken).not.toBe(good)
    const result = await validate(broken)
    expect(result.code).not.toBe(0)
    expect(result.stderr).toContain('fails to validate')
  })

  test('xmllint rejects a document that is not well-formed', async () => {
    const result = await validate(good.replace('</testsuite>', ''))
    expect(result.code).not.toBe(0)
  })
})
