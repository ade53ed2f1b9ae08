import Type, { type Static } from 'typebox'
import { commonEnv, jwtEnv, loadConfig } from '@tickets/config'

export const GatewayEnv = Type.Object({
  ...commonEnv,
  ...jwtEnv,
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3000 }),
  USER_SERVICE_URL: Type.String({ pattern: '^https?://', default: 'http://127.0.0.1:3001' }),
  EVENT_SERVICE_URL: Type.String({ pattern: '^https?://', default: 'http://127.0.0.1:3002' }),
})
export type GatewayConfig = Static<typeof GatewayEnv>

export function loadGatewayConfig(env?: Record<string, string | undefined>): GatewayConfig {
  return loadConfig(GatewayEnv, env)
}
