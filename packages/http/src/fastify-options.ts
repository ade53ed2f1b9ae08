import { randomUUID } from 'node:crypto'
import type { FastifyServerOptions } from 'fastify'
import type { DestinationStream } from 'pino'
import { RequestLog } from './request-log.js'

export interface BaseFastifyConfig {
  LOG_LEVEL: string
  LOG_FORMAT: 'json' | 'pretty'
  NODE_ENV: string
  LOG_SLOW_REQUEST_MS: number
  LOG_REQUEST_SAMPLE_RATE: number
}

/** Options every service shares; each app's buildApp spreads them and adds its own. */
export function baseFastifyOptions(config: BaseFastifyConfig, logStream?: DestinationStream) {
  return {
    logger: {
      level: config.LOG_LEVEL,
      // Tests pass a stream to assert on what is (and is not) logged.
      ...(logStream ? { stream: logStream } : {}),
      ...(config.LOG_FORMAT === 'pretty' && !logStream
        ? { transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname', singleLine: true } } }
        : {}),
      // Tokens, passwords and hashes never reach a log line.
      redact: {
        paths: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-internal-token"]', '*.password', '*.password_hash', '*.token'],
        censor: '[redacted]',
      },
    },
    // Fastify's two lines for every request give way to one, and only when it tells something.
    logController: new RequestLog({ slowMs: config.LOG_SLOW_REQUEST_MS, sampleRate: config.LOG_REQUEST_SAMPLE_RATE }),
    bodyLimit: 1024 * 1024,
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    requestTimeout: 35_000,
    connectionTimeout: 60_000,
    return503OnClosing: true,
    forceCloseConnections: 'idle' as const,
    // `__proto__` and `constructor` keys in JSON bodies are rejected with a 400, not merged.
    onProtoPoisoning: 'error' as const,
    onConstructorPoisoning: 'error' as const,
  } satisfies FastifyServerOptions
}
