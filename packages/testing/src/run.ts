// Entry point for code outside vitest (pnpm bench): nothing here imports vitest.
export { createTestRun, type TestRun } from './test-run.js'
export { resolveServices, ServicesUnavailableError, type ResolvedServices } from './resolve-services.js'
