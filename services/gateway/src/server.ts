import { startServer } from '@tickets/http'
import { buildApp } from './app.js'
import { loadGatewayConfig } from './config.js'
import { UnsafeRedisError } from '@tickets/queue'

const config = loadGatewayConfig()
// An unsafe Redis (eviction on, no persistence) is refused with one line that names the fix.
await startServer(await buildApp(config), config.PORT, config.HOST, [UnsafeRedisError])
