/**
 * Tokenproof's programmatic API: the mock (standalone and in-process), the conformance run, the
 * driver protocol and its HTTP client, and the report model with its writers.
 */
export { startMockServer, type MockServer, type MockServerOptions } from './mocks/server.ts'
export { startInProcessMock, type InProcessMock } from './mocks/node.ts'
export { createMock, type MockOptions, type TokenproofMock } from './mocks/create-mock.ts'
export { mockRegistry, type MockProviderId } from './mocks/registry.ts'
export { contractRegistry, type ProviderId } from './contracts/registry.ts'
export { runConformance, openConformanceSession, type ConformanceTarget, type RunOptions } from './suites/run.ts'
export * from './suites/http-driver.ts'
export { buildReport, findingsAtOrAbove, ConformanceReport, type ReportFinding, type ScenarioOutcome } from './reports/model.ts'
export { writeReports, REPORT_FILES, REPORT_FORMATS, type ReportFormat } from './reports/write.ts'
export { TokenproofReporter, type TokenproofReporterOptions } from './reports/vitest-reporter.ts'
