/**
 * A conformance run: asks the integration what it supports, configures it for each provider the
 * mock and the registry both know, and runs every scenario against it, each from a clean slate.
 */
import { mockGapsOf } from './mock-gaps.ts'
import { declaredFlows, type ConformanceProfile, type PayFlow } from '../contracts/core/conformance.ts'
import type { ProviderContract } from '../contracts/core/provider-contract.ts'
import { contractRegistry } from '../contracts/registry.ts'
import { redact } from '../mocks/engine/masking.ts'
import type { MerchantDriverV1 } from './driver.ts'
import type { ConformanceRun, Evidence, Finding, ScenarioResult } from './findings.ts'
import { groupByCause } from './causes.ts'
import { checkInvariants } from './invariants.ts'
import { mockControl, type MockControl } from './mock-control.ts'
import { DEFAULT_ANSWER_BUDGET_MS, flowTag, scenarioFlows, ScenarioAbort, ScenarioContext, ScenarioNotApplicable, SetupError, type ProviderUnderTest, type Scenario } from './scenario.ts'
import { SCENARIOS } from './scenarios/index.ts'
import { inShard, type Shard } from './shard.ts'
import { ControlLog, type ScenarioTraffic } from './traffic.ts'

export interface RunOptions {
  /** Only these providers (default: every provider the integration and the registry share). */
  readonly providers?: readonly string[]
  /** Only these scenario ids. */
  readonly scenarios?: readonly string[]
  /** Only this shard's part of the run (`tokenproof run --shard i/n`); `tokenproof report merge` joins the parts. */
  readonly shard?: Shard
  /** Called as each scenario ends, for progress output. */
  readonly onResult?: (result: ScenarioResult) => void
  /** Called with what each scenario that ran did on the wire (for writing Pact contracts). */
  readonly onTraffic?: (traffic: ScenarioTraffic) => void
  /**
   * How long a checkout may keep waiting on a provider that does not answer before it counts as a
   * hang (TP-RETRY-004); default DEFAULT_ANSWER_BUDGET_MS.
   */
  readonly answerBudgetMs?: number
}

export interface ConformanceTarget {
  readonly driver: MerchantDriverV1
  /** The mock's origin, e.g. http://127.0.0.1:4010. */
  readonly mockUrl: string
}

type Conformant = ProviderContract & { readonly conformance: ConformanceProfile }

const hasProfile = (c: ProviderContract): c is Conformant => c.conformance !== undefined

/** A run in progress: the integration's capabilities read, providers configured on demand. */
export interface ConformanceSession {
  readonly integration: string
  /** The providers both the integration and the registry know, with a conformance profile. */
  readonly providers: readonly string[]
  /**
   * Runs one scenario against one provider (configuring the integration for it the first time), in
   * one of the flows the scenario runs in (`scenarioFlows`); `flow` is required for a scenario run
   * per flow when the provider declares any.
   */
  runScenario(provider: string, scenario: Scenario, flow?: string): Promise<ScenarioResult>
  /** The flows a scenario runs in against a provider, as ids (undefined: a single run). */
  flowsOf(provider: string, scenario: Scenario): readonly (string | undefined)[]
}

export async function openConformanceSession(target: ConformanceTarget, options: Pick<RunOptions, 'providers' | 'onTraffic' | 'answerBudgetMs'> = {}): Promise<ConformanceSession> {
  const mock = mockControl(target.mockUrl)
  const capabilities = await target.driver.capabilities()
  const runId = Date.now().toString(36).slice(-5)
  const subjects = new Map<string, ProviderUnderTest>()
  for (const offered of capabilities.providers) {
    const contract = (contractRegistry as Readonly<Record<string, ProviderContract>>)[offered.provider]
    if (!contract || !hasProfile(contract)) continue
    if (options.providers !== undefined && !options.providers.includes(contract.id)) continue
    subjects.set(contract.id, { contract, profile: contract.conformance, integrationFlows: offered.flows, integrationLogs: capabilities.operations?.includes('logs') === true && target.driver.logs !== undefined })
  }
  const configured = new Set<string>()
  return {
    integration: capabilities.name,
    providers: [...subjects.keys()],
    flowsOf(provider, scenario) {
      const subject = subjects.get(provider)
      return subject ? scenarioFlows(scenario, subject.profile).map((f) => f?.flow) : []
    },
    async runScenario(provider, scenario, flowId) {
      const subject = subjects.get(provider)
      if (!subject) throw new Error(`the integration offers no ${provider} integration to test`)
      const flows = scenarioFlows(scenario, subject.profile)
      const flow = flows.find((f) => f?.flow === flowId)
      if (flowId !== undefined && !flow) throw new Error(`${scenario.id} does not run in ${flowId} with ${provider}`)
      if (flowId === undefined && flows.some((f) => f !== undefined)) throw new Error(`${scenario.id} runs once per flow with ${provider}: name one of ${flows.map((f) => f?.flow).join(', ')}`)
      if (!configured.has(provider)) {
        await configure(target.driver, mock, provider, subject.profile)
        configured.add(provider)
      }
      return runScenario(target.driver, mock, provider, subject, scenario, flow, runId, options.onTraffic, options.answerBudgetMs)
    },
  }
}

export async function runConformance(target: ConformanceTarget, options: RunOptions = {}): Promise<ConformanceRun> {
  const started = Date.now()
  const session = await openConformanceSession(target, options)
  const scenarios = SCENARIOS.filter((s) => options.scenarios === undefined || options.scenarios.includes(s.id))
  const results: ScenarioResult[] = []
  let position = 0
  for (const provider of session.providers) {
    for (const scenario of scenarios) {
      for (const flow of session.flowsOf(provider, scenario)) {
        // A unit is one scenario run: provider × scenario × flow.
        if (!inShard(position++, options.shard)) continue
        const result = await session.runScenario(provider, scenario, flow)
        results.push(result)
        options.onResult?.(result)
      }
    }
  }
  return { integration: session.integration, startedAt: new Date(started).toISOString(), durationMs: Date.now() - started, providers: session.providers, results }
}

async function configure(driver: MerchantDriverV1, mock: MockControl, provider: string, profile: ConformanceProfile): Promise<void> {
  const settings = await mock.providerSettings(provider)
  const configured = await driver.configure({ provider, baseUrl: mock.url, credentials: profile.credentials(settings) })
  if (!configured.ok) throw new Error(`the integration could not be configured for ${provider}: ${configured.issue.code} ${configured.issue.message}`)
  const merchant = profile.notificationSetup?.(settings, configured.value.notificationUrl)
  if (merchant) await mock.registerMerchant(provider, merchant)
}

/** Every finding carries the mock's own record next to what the integration reported. */
async function withMockRecord(ctx: ScenarioContext, mock: MockControl): Promise<Finding[]> {
  if (ctx.findings.length === 0) return []
  let record: Evidence
  try {
    record = await ctx.mockRecord()
  } catch (error) {
    await mock.idle().catch(() => undefined)
    record = { direction: 'mock', note: `the mock's record could not be read: ${String(redact(error instanceof Error ? error.message : String(error)))}` }
  }
  return ctx.findings.map((f) => (f.evidence.some((e) => e.direction === 'mock') ? f : { ...f, evidence: [...f.evidence, record] }))
}

async function runScenario(
  driver: MerchantDriverV1,
  mock: MockControl,
  provider: string,
  subject: ProviderUnderTest,
  scenario: Scenario,
  flow: PayFlow | undefined,
  runId: string,
  onTraffic?: RunOptions['onTraffic'],
  answerBudgetMs = DEFAULT_ANSWER_BUDGET_MS,
): Promise<ScenarioResult> {
  const started = performance.now()
  const base = { provider, scenario: scenario.id, ...(flow ? { flow: flow.flow } : {}), title: scenario.title, rules: scenario.rules.map((r) => r.id) }
  const gap = (flow ? subject.profile.gaps[`${scenario.id}/${flow.flow}`] : undefined) ?? subject.profile.gaps[scenario.id] ?? scenario.unavailable(subject, flow)
  if (gap !== undefined) {
    // Would it run if the integration offered every flow the provider declares? Then the gap is the integration's.
    const everything = { ...subject, integrationFlows: declaredFlows(subject.profile) }
    const providers = (flow ? subject.profile.gaps[`${scenario.id}/${flow.flow}`] : undefined) ?? subject.profile.gaps[scenario.id] ?? scenario.unavailable(everything, flow)
    return { ...base, status: 'skipped', reason: gap, skippedFor: providers === undefined ? 'integration' : 'provider', findings: [], durationMs: 0 }
  }

  await mock.reset()
  await driver.reset()
  const log = onTraffic ? new ControlLog(mock, provider) : undefined
  const tag = flow ? `-${flowTag(subject.profile, flow)}` : ''
  const ctx = new ScenarioContext(provider, scenario, subject, driver, log?.control ?? mock, `buyer-${runId}-${scenario.id.slice(0, 16)}${tag}`, runId, flow, answerBudgetMs)
  let reason: string | undefined
  const why = (error: unknown): string => String(redact(error instanceof ScenarioAbort ? error.message : `${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`))
  let judgeInvariants = true
  let notApplicable = false
  try {
    await scenario.run(ctx)
    await mock.idle()
  } catch (error) {
    reason = why(error)
    notApplicable = error instanceof ScenarioNotApplicable
    // A set-up the harness could not make leaves what did happen to judge; a broken protocol does not.
    judgeInvariants = error instanceof SetupError || notApplicable
  }
  if (judgeInvariants) {
    try {
      await checkInvariants(ctx)
    } catch (error) {
      reason ??= why(error)
    }
  }
  const findings = groupByCause(await withMockRecord(ctx, mock), { notifications: ctx.findings.length > 0 ? await mock.notifications(provider).catch(() => []) : [] })
  const durationMs = performance.now() - started
  if (log && onTraffic) {
    try {
      // A scenario run per flow is one traffic record per flow, named apart.
      onTraffic({ provider, scenario: flow ? `${scenario.id}/${flow.flow}` : scenario.id, title: scenario.title, given: scenario.given, steps: log.steps(await mock.exchanges(provider)) })
    } catch (error) {
      reason ??= `the scenario's traffic could not be read: ${String(redact(error instanceof Error ? error.message : String(error)))}`
    }
  }
  // What the mock could not serve is told apart from what the merchant did wrong.
  const gaps = mockGapsOf(await mock.exchanges(provider).catch(() => []))
  const withGaps = { ...base, ...(gaps.length > 0 ? { mockGaps: gaps } : {}) }
  if (findings.length > 0) return { ...withGaps, status: 'failed', findings, durationMs, ...(reason !== undefined ? { reason } : {}) }
  if (reason !== undefined) return { ...withGaps, status: notApplicable ? 'skipped' : 'error', reason, ...(notApplicable ? { skippedFor: 'integration' as const } : {}), findings: [], durationMs }
  return { ...withGaps, status: 'passed', findings: [], durationMs }
}
