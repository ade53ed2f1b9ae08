import { startServer } from '@tickets/http'
import { buildApp } from './app.js'
import { loadGatewayConfig } from './config.js'

const config = loadGatewayConfig()
await startServer(await buildApp(config), config.PORT, config.HOST)
