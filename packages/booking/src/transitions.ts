import type { StoredBookingStatus } from '@tickets/db'

/** Who asks for a change: the booking's owner, an administrator, or the platform itself (expiry). */
export type Actor = 'owner' | 'admin' | 'system'
export type Target = 'confirmed' | 'cancelled' | 'expired'

export interface TransitionRule {
  from: StoredBookingStatus
  to: Target
  by: readonly Actor[]
  /** Whether the tickets go back to the event. */
  releases: boolean
}

/**
 * Every allowed status change, in one place. Anything not listed is 409 INVALID_TRANSITION.
 * (An owner confirms through PUT /confirm-payment, which the gateway maps to actor "owner";
 * PATCH /status may confirm only as admin.)
 */
export const TRANSITIONS: readonly TransitionRule[] = [
  { from: 'pending', to: 'confirmed', by: ['owner', 'admin'], releases: false },
  { from: 'pending', to: 'cancelled', by: ['owner', 'admin'], releases: true },
  { from: 'confirmed', to: 'cancelled', by: ['owner', 'admin'], releases: true },
  { from: 'pending', to: 'expired', by: ['system'], releases: true },
]

export function ruleFor(from: StoredBookingStatus, to: Target): TransitionRule | undefined {
  return TRANSITIONS.find((rule) => rule.from === from && rule.to === to)
}

/** Statuses whose tickets are taken from the event. */
export const HOLDS_TICKETS: readonly StoredBookingStatus[] = ['pending', 'confirmed']
