import Type, { type Static } from 'typebox'
import { adminEnv, commonEnv, jwtEnv, loadConfig, internalHostEnv } from '@tickets/config'

export const UserServiceEnv = Type.Object({
  ...commonEnv,
  ...internalHostEnv,
  ...jwtEnv,
  ...adminEnv,
  /** The HTTP port. */
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3001 }),
  /**
   * Failed logins per account (from every address, in this process) before user-service itself
   * answers 429 for the rest of the window: the backstop behind the gateway's per-address limit.
   */
  ACCOUNT_LOGIN_FAILURES_MAX: Type.Integer({ minimum: 1, default: 50 }),
  /** The window of ACCOUNT_LOGIN_FAILURES_MAX, in seconds. */
  ACCOUNT_LOGIN_FAILURES_WINDOW_SECONDS: Type.Integer({ minimum: 1, default: 900 }),
  /** bcrypt cost; each step doubles the time of a hash (10 is about 50 ms here, off the main thread). */
  BCRYPT_COST: Type.Integer({ minimum: 4, maximum: 15, default: 10 }),
})
export type UserServiceConfig = Static<typeof UserServiceEnv>

export function loadUserServiceConfig(env?: Record<string, string | undefined>): UserServiceConfig {
  return loadConfig(UserServiceEnv, env)
}
