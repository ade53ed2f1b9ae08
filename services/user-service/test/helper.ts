import { onTestFinished } from 'vitest'
import { testEnv } from '@tickets/testing'
import { buildApp } from '../src/app.js'
import { loadUserServiceConfig } from '../src/config.js'

/** The production app, configured for this test run's database and Redis; closed after the test. */
export async function buildTestApp(env: Record<string, string> = {}) {
  const app = await buildApp(loadUserServiceConfig({ ...testEnv(), ...env }))
  onTestFinished(() => app.close())
  await app.ready()
  return app
}
