import Type, { type Static } from 'typebox'
import { commonEnv, jwtEnv, loadConfig, internalHostEnv } from '@tickets/config'

export const EventServiceEnv = Type.Object({
  ...commonEnv,
  ...internalHostEnv,
  ...jwtEnv,
  /** The HTTP port. */
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3002 }),
})
export type EventServiceConfig = Static<typeof EventServiceEnv>

export function loadEventServiceConfig(env?: Record<string, string | undefined>): EventServiceConfig {
  return loadConfig(EventServiceEnv, env)
}
