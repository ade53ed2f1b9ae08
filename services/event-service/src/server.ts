import { startServer } from '@tickets/http'
import { buildApp } from './app.js'
import { loadEventServiceConfig } from './config.js'

const config = loadEventServiceConfig()
await startServer(await buildApp(config), config.PORT, config.HOST)
