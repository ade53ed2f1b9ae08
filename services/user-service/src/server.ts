import { startServer } from '@tickets/http'
import { buildApp } from './app.js'
import { loadUserServiceConfig } from './config.js'

const config = loadUserServiceConfig()
await startServer(await buildApp(config), config.PORT, config.HOST)
