import Type, { type Static } from 'typebox'
import { bookingQueueEnv, commonEnv, jwtEnv, loadConfig, internalHostEnv, offerEnv } from '@tickets/config'

export const EventServiceEnv = Type.Object({
  ...commonEnv,
  ...internalHostEnv,
  ...jwtEnv,
  ...offerEnv,
  // Where new events' bookings will queue (see leastLoadedShard).
  ...bookingQueueEnv,
  /** Active (waiting or offered) waiting-list entries one account may have across all events. */
  WAITLIST_MAX_ENTRIES_PER_USER: Type.Integer({ minimum: 1, maximum: 1_000, default: 5 }),
  /** The HTTP port. */
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3002 }),
})
export type EventServiceConfig = Static<typeof EventServiceEnv>

export function loadEventServiceConfig(env?: Record<string, string | undefined>): EventServiceConfig {
  return loadConfig(EventServiceEnv, env)
}
