import { randomUUID } from 'node:crypto'
import type { FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify'
import type { Socket } from 'node:net'
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
export function baseFastifyOptions(config: BaseFastifyConfig, logStream?: DestinationStream, trustProxy: boolean | number | string[] = false) {
  return {
    trustProxy: trustProxy as FastifyServerOptions['trustProxy'],
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
    // The router's own refusals (a malformed URL, a path segment longer than maxParamLength)
    // come before any route and its error handler: answer them in the API's envelope too.
    frameworkErrors: (error: Error & { code?: string; statusCode?: number }, _request: FastifyRequest, reply: FastifyReply) => {
      const tooLong = error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      reply
        .code(tooLong ? 414 : 400)
        .send({ success: false, code: tooLong ? 'URI_TOO_LONG' : 'BAD_REQUEST', message: tooLong ? 'A path segment is too long' : 'Malformed URL' })
    },
    // Refusals of Node's HTTP parser (headers over 16 KB: 431; garbage: 400), before Fastify.
    clientErrorHandler: (error: Error & { code?: string }, socket: Socket) => {
      if (error.code === 'ECONNRESET' || socket.destroyed) return
      if (!socket.writable) return socket.destroy()
      const [status, code, message] =
        error.code === 'HPE_HEADER_OVERFLOW'
          ? ['431 Request Header Fields Too Large', 'HEADERS_TOO_LARGE', 'Request headers are too large (16 KB at most)']
          : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
            ? ['408 Request Timeout', 'REQUEST_TIMEOUT', 'The request took too long to arrive']
            : ['400 Bad Request', 'BAD_REQUEST', 'Malformed HTTP request']
      const body = JSON.stringify({ success: false, code, message })
      socket.end(`HTTP/1.1 ${status}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`)
    },
  } satisfies FastifyServerOptions
}
