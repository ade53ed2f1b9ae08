import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestProject } from 'vitest/node'
import { createProcessRegistry, killRegistered } from './processes.js'
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
  // Before any test worker starts, so they inherit it; see processes.ts.
  const registry = join(tmpdir(), `tickets-test-processes-${process.pid}`)
  createProcessRegistry(registry)
  let swept = false
  const sweep = () => {
    if (swept) return
    swept = true
    const left = killRegistered(registry)
    if (left.length > 0) console.warn(`killed ${left.length} process group(s) the tests left running: ${left.join(', ')}`)
  }
  // Also when vitest itself is interrupted and exits without running the teardown.
  process.once('exit', sweep)

  const services = await resolveServices()
  const run = await createTestRun(services)
  console.log(`test services from ${services.source}; database ${new URL(run.mysqlUrl).pathname.slice(1)}, redis prefix ${run.redisPrefix}`)
  project.provide('mysqlUrl', run.mysqlUrl)
  project.provide('mysqlServerUrl', services.mysqlUrl)
  project.provide('redisUrl', run.redisUrl)
  project.provide('redisPrefix', run.redisPrefix)
  return async () => {
    sweep()
    await run.teardown()
    await services.stop()
  }
}
