import { testEnv } from '@tickets/testing'
import { startStack as startProcesses, type Stack } from '@tickets/testing/stack'

export { freePort, startProcess, waitForLog, waitForReady, type RunningProcess, type Stack } from '@tickets/testing/stack'

/** The four processes of `pnpm start`, on free ports, against this test run's database and a Redis prefix of their own. */
export async function startStack(env: Record<string, string> = {}, options: { workers?: number; gateways?: number } = {}): Promise<Stack> {
  // Sign-ups all come from this one address: the registration limit is tested on its own.
  return startProcesses({ ...testEnv(`e2e-${Math.random().toString(36).slice(2, 10)}`), LOG_LEVEL: 'info', REGISTRATION_RATE_LIMIT_MAX: '100000', ...env }, options)
}
