import { randomUUID } from 'node:crypto'
import { Writable } from 'node:stream'
import { onTestFinished } from 'vitest'
import { testEnv } from '@tickets/testing'
import { buildApp as buildGateway } from '@tickets/gateway/app'
import { loadGatewayConfig } from '@tickets/gateway/config'
import { buildApp as buildUserService } from '@tickets/user-service/app'
import { loadUserServiceConfig } from '@tickets/user-service/config'
import { buildApp as buildEventService } from '@tickets/event-service/app'
import { loadEventServiceConfig } from '@tickets/event-service/config'
import { startWorker, type WorkerRuntime } from '@tickets/worker/worker'
import { loadWorkerConfig } from '@tickets/worker/config'
import { pino } from 'pino'

/** Collects every log line of the apps under test, to assert on what is and is not logged. */
function createLogCapture() {
  const lines: string[] = []
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString())
      done()
    },
  })
  return { stream, text: () => lines.join('') }
}

export type Platform = Awaited<ReturnType<typeof startPlatform>>

/**
 * The production apps in this process: user- and event-service listening on free ports, the
 * gateway driven with inject. Each call gets its own administrator and Redis prefix, so test
 * files running in parallel never share rate limits or admin accounts.
 */
export async function startPlatform(env: Record<string, string> = {}, options: { worker?: boolean; shared?: boolean } = {}) {
  const logs = createLogCapture()
  const tag = randomUUID().slice(0, 8)
  const admin = { email: `admin-${tag}@example.com`, password: `admin-pass-${tag}` }
  const base = {
    ...testEnv(`platform-${tag}`),
    LOG_LEVEL: 'debug',
    ADMIN_EMAIL: admin.email,
    ADMIN_PASSWORD: admin.password,
    BCRYPT_COST: '4',
    // Every test signs up its users from one address and many wait on outcomes at once: the
    // abuse limits on those flows are tested on their own (test/hardening.test.ts), not here.
    REGISTRATION_RATE_LIMIT_MAX: '100000',
    MAX_WAITS_PER_USER: '1000',
    ...env,
  }

  const users = await buildUserService(loadUserServiceConfig(base), { logStream: logs.stream })
  const events = await buildEventService(loadEventServiceConfig(base), { logStream: logs.stream })
  const [usersUrl, eventsUrl] = await Promise.all([
    users.listen({ host: '127.0.0.1', port: 0 }),
    events.listen({ host: '127.0.0.1', port: 0 }),
  ])
  const gateway = await buildGateway(
    loadGatewayConfig({ ...base, USER_SERVICE_URL: usersUrl, EVENT_SERVICE_URL: eventsUrl }),
    { logStream: logs.stream },
  )
  await gateway.ready()
  const worker: WorkerRuntime | undefined = options.worker
    ? await startWorker(loadWorkerConfig(base), pino({ level: 'silent' }))
    : undefined

  const close = async () => {
    await gateway.close()
    await Promise.all([users.close(), events.close(), worker?.close()])
  }
  // Closed when the test ends; a platform shared by a whole file (started in beforeAll) is closed by the file.
  if (!options.shared) onTestFinished(close)

  return { gateway, users, events, worker, usersUrl, eventsUrl, admin, logs, tag, env: base, close }
}
