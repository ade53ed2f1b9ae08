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
}

export function createBaseApp(config: BaseFastifyConfig, options: BuildOptions = {}) {
  const app = Fastify(baseFastifyOptions(config, options.logStream)).withTypeProvider<TypeBoxTypeProvider>()
  app.setValidatorCompiler(createValidatorCompiler())
  app.setErrorHandler(errorHandler)
  app.setNotFoundHandler(notFoundHandler)
  // The API speaks JSON only: anything else (text/plain included, which Fastify parses by
  // default) is refused with 415 before it reaches a handler.
  app.removeContentTypeParser('text/plain')
  // Clients and operators quote this id in reports; it is the reqId on every log line of the request.
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id)
    done()
  })
  return app
}

export type BaseApp = ReturnType<typeof createBaseApp>
