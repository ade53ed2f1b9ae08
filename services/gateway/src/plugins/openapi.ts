import fp from 'fastify-plugin'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import { COMPONENT_SCHEMAS } from '../openapi/components.js'
import { refineDocument } from '../openapi/refine.js'

/**
 * The OpenAPI 3 document is generated from the same typebox schemas that validate requests and
 * shape responses, so it cannot drift from the code. Must be registered before the routes.
 * Routes with `hide: true` (health, metrics) stay out of it; Bull Board is not an API.
 */
export const openapiPlugin = fp(
  async (app) => {
    // The named schemas routes refer to (openapi/components.ts): one definition each, serialised
    // by reference, and written to the document's components under their $id.
    for (const schema of COMPONENT_SCHEMAS) app.addSchema(schema)
    await app.register(swagger, {
      refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
      // Per-status errors with their codes, headers, closed objects: see openapi/refine.ts.
      transformObject: (generated) =>
        refineDocument((generated as unknown as { openapiObject: Record<string, unknown> }).openapiObject) as never,
      openapi: {
        openapi: '3.1.0',
        info: {
          title: 'Tickets API',
          version: '1.0.0',
          description:
            'Queue-based ticket booking. POST /api/bookings answers 202 with a Location to poll; ' +
            'every error uses the envelope `{ success: false, message, code, errors? }`.',
        },
        tags: [
          { name: 'auth', description: 'Registration and login' },
          { name: 'users', description: 'Accounts (admins manage all; users themselves)' },
          { name: 'events', description: 'Events: public reads, admin writes' },
          { name: 'bookings', description: 'Booking requests, status and lifecycle' },
          { name: 'waitlist', description: "Waiting lists of sold-out categories: freed tickets are offered in order" },
        ],
        components: {
          securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
        },
      },
    })
    await app.register(swaggerUi, {
      routePrefix: '/docs',
      uiConfig: { docExpansion: 'list', deepLinking: true },
      // The UI serves its own CSP fitting its assets; helmet's default would block them.
      staticCSP: true,
    })
  },
  { name: 'openapi', fastify: '5.x' },
)
