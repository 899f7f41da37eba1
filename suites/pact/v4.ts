/**
 * The part of the Pact V4 specification Tokenproof writes and reads: synchronous HTTP and
 * asynchronous message interactions, matching rules, and provider-state generators.
 * https://github.com/pact-foundation/pact-specification/tree/version-4
 */
import { z } from 'zod'

const Json: z.ZodType<unknown> = z.unknown()

export const Matcher = z.union([
  z.object({ match: z.literal('type') }),
  z.object({ match: z.literal('regex'), regex: z.string() }),
  z.object({ match: z.literal('integer') }),
  z.object({ match: z.literal('decimal') }),
  z.object({ match: z.literal('number') }),
  z.object({ match: z.literal('equality') }),
])
export type Matcher = z.infer<typeof Matcher>

export const RuleSet = z.object({ combine: z.enum(['AND', 'OR']), matchers: z.array(Matcher) })
/** Rules by JSON path (`$.a.b[0]`), or for headers and query by name. */
export const Rules = z.record(z.string(), RuleSet)
export type Rules = z.infer<typeof Rules>

export const ProviderStateGenerator = z.object({ type: z.literal('ProviderState'), expression: z.string(), dataType: z.literal('STRING') })
export type ProviderStateGenerator = z.infer<typeof ProviderStateGenerator>

export const Body = z.object({ content: Json, contentType: z.string(), encoded: z.literal(false) })

export const ProviderState = z.object({ name: z.string(), params: z.record(z.string(), Json).optional() })
export type ProviderState = z.infer<typeof ProviderState>

export const HttpInteraction = z.object({
  type: z.literal('Synchronous/HTTP'),
  key: z.string(),
  description: z.string(),
  pending: z.boolean(),
  providerStates: z.array(ProviderState).optional(),
  request: z.object({
    method: z.string(),
    path: z.string(),
    query: z.record(z.string(), z.array(z.string())).optional(),
    headers: z.record(z.string(), z.array(z.string())).optional(),
    body: Body.optional(),
    matchingRules: z.object({ body: Rules.optional(), header: Rules.optional(), query: Rules.optional() }).optional(),
    generators: z
      .object({ path: ProviderStateGenerator.optional(), query: z.record(z.string(), ProviderStateGenerator).optional(), body: z.record(z.string(), ProviderStateGenerator).optional() })
      .optional(),
  }),
  response: z.object({
    status: z.number().int(),
    headers: z.record(z.string(), z.array(z.string())).optional(),
    body: Body.optional(),
    matchingRules: z.object({ body: Rules.optional(), header: Rules.optional() }).optional(),
  }),
})
export type HttpInteraction = z.infer<typeof HttpInteraction>

export const MessageInteraction = z.object({
  type: z.literal('Asynchronous/Messages'),
  key: z.string(),
  description: z.string(),
  pending: z.boolean(),
  providerStates: z.array(ProviderState).optional(),
  contents: Body,
  metadata: z.record(z.string(), Json).optional(),
  matchingRules: z.object({ body: Rules.optional() }).optional(),
})
export type MessageInteraction = z.infer<typeof MessageInteraction>

export const PactFile = z.object({
  consumer: z.object({ name: z.string() }),
  provider: z.object({ name: z.string() }),
  interactions: z.array(z.union([HttpInteraction, MessageInteraction])),
  metadata: z.object({ pactSpecification: z.object({ version: z.literal('4.0') }) }).passthrough(),
})
export type PactFile = z.infer<typeof PactFile>
