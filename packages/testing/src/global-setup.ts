import type { TestProject } from 'vitest/node'
import { resolveServices } from './resolve-services.js'
import { createTestRun } from './test-run.js'

declare module 'vitest' {
  export interface ProvidedContext {
    mysqlUrl: string
    /** The server URL without a database, for tests that create their own. */
    mysqlServerUrl: string
    redisUrl: string
    redisPrefix: string
  }
}

/** vitest globalSetup: one migrated database and one Redis prefix for the whole run. */
export default async function setup(project: TestProject) {
  const services = await resolveServices()
  const run = await createTestRun(services)
  console.log(`test services from ${services.source}; database ${new URL(run.mysqlUrl).pathname.slice(1)}, redis prefix ${run.redisPrefix}`)
  project.provide('mysqlUrl', run.mysqlUrl)
  project.provide('mysqlServerUrl', services.mysqlUrl)
  project.provide('redisUrl', run.redisUrl)
  project.provide('redisPrefix', run.redisPrefix)
  return async () => {
    await run.teardown()
    await services.stop()
  }
}
