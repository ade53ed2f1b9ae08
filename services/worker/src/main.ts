import closeWithGrace from 'close-with-grace'
import { pino } from 'pino'
import { loadWorkerConfig } from './config.js'
import { startWorker } from './worker.js'

const config = loadWorkerConfig()
const log = pino({
  name: 'worker',
  level: config.LOG_LEVEL,
  ...(config.LOG_FORMAT === 'pretty'
    ? { transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname', singleLine: true } } }
    : {}),
})
const worker = await startWorker(config, log)

closeWithGrace({ delay: 30_000 }, async ({ signal, err }) => {
  if (err) log.error({ err }, 'shutting down after an error')
  else log.info({ signal }, 'shutting down')
  await worker.close()
  log.info('worker stopped')
})
