export { resolveServices, ServicesUnavailableError, LOCAL_DEFAULTS, type ResolvedServices, type ResolveOptions } from './resolve-services.js'
export { createTestRun, type TestRun } from './test-run.js'
export { testEnv, createIsolatedDatabase, type TestEnv } from './test-env.js'
export { insertUser, insertEvent, stockOf } from './fixtures.js'
