import Type, { type Static } from 'typebox'
import { adminEnv, commonEnv, jwtEnv, loadConfig } from '@tickets/config'

export const UserServiceEnv = Type.Object({
  ...commonEnv,
  ...jwtEnv,
  ...adminEnv,
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3001 }),
  /** bcrypt cost; each step doubles the time of a hash (10 is about 50 ms here, off the main thread). */
  BCRYPT_COST: Type.Integer({ minimum: 4, maximum: 15, default: 10 }),
})
export type UserServiceConfig = Static<typeof UserServiceEnv>

export function loadUserServiceConfig(env?: Record<string, string | undefined>): UserServiceConfig {
  return loadConfig(UserServiceEnv, env)
}
