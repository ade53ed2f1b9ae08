import closeWithGrace from 'close-with-grace'
import { pino } from 'pino'
import { loadWorkerConfig } from './config.js'
import { startWorker } from './worker.js'
import { buildOpsApp } from './ops-app.js'
import { UnsafeRedisError } from '@tickets/queue'

const config = loadWorkerConfig()
const log = pino({
  name: 'worker',
  level: config.LOG_LEVEL,
  ...(config.LOG_FORMAT === 'pretty'
    ? { transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname', singleLine: true } } }
    : {}),
})
let worker: Awaited<ReturnType<typeof startWorker>>
try {
  worker = await startWorker(config, log)
} catch (error) {
  // A refusal is a configuration problem: say so plainly rather than with a stack trace.
  if (error instanceof UnsafeRedisError) log.fatal(error.message)
  else log.fatal({ err: error }, 'worker could not start')
  process.exit(1)
}
const ops = await buildOpsApp(config, worker)
await ops.listen({ host: config.HOST, port: config.METRICS_PORT })

closeWithGrace({ delay: 30_000 }, async ({ signal, err }) => {
  if (err) log.error({ err }, 'shutting down after an error')
  else log.info({ signal }, 'shutting down')
  await worker.close()
  await ops.close()
  log.info('worker stopped')
})
