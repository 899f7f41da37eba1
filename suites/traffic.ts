/**
 * What a scenario did on the wire, in order: every exchange the mock recorded and every control call
 * the scenario made between them (a fault armed, a buyer's step, the clock moved). Pact contracts are
 * written from this, and the provider states they name are set up again by replaying it.
 */
import type { Exchange, MockControl } from './mock-control.ts'

/** A control call that changes what the provider does next; read-only calls are not kept. */
export type ControlCall =
  | { readonly op: 'inject'; readonly rule: Parameters<MockControl['inject']>[0] }
  | { readonly op: 'chaos'; readonly rule: Parameters<MockControl['chaos']>[0] }
  | { readonly op: 'buyerAction'; readonly action: string; readonly body: Readonly<Record<string, unknown>> }
  | { readonly op: 'advance'; readonly ms: number }
  | { readonly op: 'deleteToken'; readonly id: string }

export type TrafficStep =
  | { readonly kind: 'exchange'; readonly exchange: Exchange }
  /** `after`: the highest `startedSeq` the mock had recorded when the call was made. */
  | { readonly kind: 'control'; readonly call: ControlCall; readonly after: number }

export interface ScenarioTraffic {
  readonly provider: string
  readonly scenario: string
  readonly title: string
  /** The state the scenario puts the provider in, as a Pact provider state names it. */
  readonly given: string
  readonly steps: readonly TrafficStep[]
}

/** A MockControl that notes every state-changing call it forwards, for one provider's scenario. */
export class ControlLog {
  readonly calls: { readonly call: ControlCall; readonly after: number }[] = []
  readonly control: MockControl

  constructor(inner: MockControl, provider: string) {
    const lastExchangeId = async (): Promise<number> => (await inner.exchanges(provider)).reduce((max, e) => Math.max(max, e.startedSeq), 0)
    const note = async (call: ControlCall): Promise<void> => {
      this.calls.push({ call, after: await lastExchangeId() })
    }
    this.control = {
      ...inner,
      inject: async (rule) => {
        await note({ op: 'inject', rule })
        return inner.inject(rule)
      },
      chaos: async (rule) => {
        await note({ op: 'chaos', rule })
        return inner.chaos(rule)
      },
      buyerAction: async (p, action, body) => {
        await note({ op: 'buyerAction', action, body })
        return inner.buyerAction(p, action, body)
      },
      advance: async (ms) => {
        await note({ op: 'advance', ms })
        return inner.advance(ms)
      },
      deleteToken: async (id) => {
        await note({ op: 'deleteToken', id })
        return inner.deleteToken(id)
      },
    }
  }

  /** The exchanges and the calls merged in the order they started. */
  steps(exchanges: readonly Exchange[]): TrafficStep[] {
    const ordered = [...exchanges].sort((a, b) => a.startedSeq - b.startedSeq)
    const steps: TrafficStep[] = []
    let next = 0
    for (const exchange of ordered) {
      while (next < this.calls.length && this.calls[next]!.after < exchange.startedSeq) {
        const { call, after } = this.calls[next++]!
        steps.push({ kind: 'control', call, after })
      }
      steps.push({ kind: 'exchange', exchange })
    }
    for (const { call, after } of this.calls.slice(next)) steps.push({ kind: 'control', call, after })
    return steps
  }
}
