import Type, { type Static } from 'typebox'
import { commonEnv, jwtEnv, loadConfig } from '@tickets/config'

export const UserServiceEnv = Type.Object({
  ...commonEnv,
  ...jwtEnv,
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3001 }),
})
export type UserServiceConfig = Static<typeof UserServiceEnv>

export function loadUserServiceConfig(env?: Record<string, string | undefined>): UserServiceConfig {
  return loadConfig(UserServiceEnv, env)
}
