import { buildApp } from './app.js'
import { loadGatewayConfig } from './config.js'

/**
 * The OpenAPI document as the gateway serves it, built without serving anything: the app is made
 * ready (routes registered, schemas collected) against addresses nothing listens on, then closed.
 */
export async function openapiDocument(): Promise<Record<string, unknown>> {
  const config = loadGatewayConfig({
    NODE_ENV: 'development',
    LOG_LEVEL: 'silent',
    MYSQL_URL: 'mysql://nobody@127.0.0.1:1/none',
    REDIS_URL: 'redis://127.0.0.1:1',
  })
  const app = await buildApp(config)
  try {
    await app.ready()
    return app.swagger() as unknown as Record<string, unknown>
  } finally {
    await app.close()
  }
}
