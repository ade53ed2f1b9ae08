import type { ServerResponse } from 'node:http'
import type { Socket } from 'node:net'
import Fastify from 'fastify'
import type { DestinationStream } from 'pino'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { errorHandler, notFoundHandler } from './error-handler.js'
import { baseFastifyOptions, type BaseFastifyConfig } from './fastify-options.js'
import { createValidatorCompiler } from './validator-compiler.js'

/**
 * A Fastify instance with what every service shares: the options (logger with redaction,
 * body limit, timeouts, request ids), strict validation and the one error envelope.
 * Each service's buildApp starts from here and adds its own plugins and routes.
 */
export interface BuildOptions {
  /** Where log lines go instead of stdout (tests capture them). */
  logStream?: DestinationStream
  /**
   * Fastify's trustProxy, for the public service behind a reverse proxy: then `request.ip` (rate
   * limits) and `request.protocol` (HSTS) come from X-Forwarded-For / -Proto of trusted hops only.
   */
  trustProxy?: boolean | number | string[]
}

export function createBaseApp(config: BaseFastifyConfig, options: BuildOptions = {}) {
  const app = Fastify(baseFastifyOptions(config, options.logStream, options.trustProxy)).withTypeProvider<TypeBoxTypeProvider>()
  app.setValidatorCompiler(createValidatorCompiler())
  app.setErrorHandler(errorHandler)
  app.setNotFoundHandler(notFoundHandler)
  // The API speaks JSON only: anything else (text/plain included, which Fastify parses by
  // default) is refused with 415 before it reaches a handler.
  app.removeContentTypeParser('text/plain')
  // Clients and operators quote this id in reports; it is the reqId on every log line of the request.
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id)
    // An answer to a signed-in caller is theirs alone: no shared cache (a proxy, a CDN, the
    // browser's back button on a shared computer) may keep it.
    if (request.headers.authorization) reply.header('cache-control', 'no-store')
    done()
  })
  // A connection silent for connectionTimeout (60 s) is closed, as Node does by default. One whose
  // request is still unanswered then was a request this service held for a minute: say which,
  // at no cost to any other request (a load test's client gave up on such a request after 60 s,
  // and nothing had logged it: docs/scaling.md).
  app.server.on('timeout', (socket: Socket) => {
    // Node's own name for the response in progress on a socket (its default timeout handling reads it too).
    const response = (socket as Socket & { _httpMessage?: ServerResponse })._httpMessage
    if (response && !response.headersSent) {
      app.log.error({ req: { method: response.req.method, url: response.req.url } }, 'request unanswered until its connection timed out')
    }
    socket.destroy()
  })
  return app
}

export type BaseApp = ReturnType<typeof createBaseApp>
