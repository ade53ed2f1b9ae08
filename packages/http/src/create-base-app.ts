import Fastify, { type FastifyServerOptions } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { errorHandler, notFoundHandler } from './error-handler.js'
import { baseFastifyOptions, type BaseFastifyConfig } from './fastify-options.js'
import { createValidatorCompiler } from './validator-compiler.js'

/**
 * A Fastify instance with what every service shares: the options (logger with redaction,
 * body limit, timeouts, request ids), strict validation and the one error envelope.
 * Each service's buildApp starts from here and adds its own plugins and routes.
 */
export function createBaseApp(config: BaseFastifyConfig, overrides: Partial<FastifyServerOptions> = {}) {
  const app = Fastify({ ...baseFastifyOptions(config), ...overrides }).withTypeProvider<TypeBoxTypeProvider>()
  app.setValidatorCompiler(createValidatorCompiler())
  app.setErrorHandler(errorHandler)
  app.setNotFoundHandler(notFoundHandler)
  // Clients and operators quote this id in reports; it is the reqId on every log line of the request.
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id)
  })
  return app
}

export type BaseApp = ReturnType<typeof createBaseApp>
