import { describe, expect, it } from 'vitest'
import { decideBooking } from '../src/decide.js'
import { multiplyMoney } from '../src/money.js'

const now = new Date('2026-11-21T10:00:00.000Z')
const event = {
  event_date: new Date('2026-12-01T20:00:00.000Z'),
  ticket_price: '19.99',
  available_tickets: 5,
  max_tickets_per_user: 4 as number | null,
}
const decide = (overrides: Partial<typeof event> | undefined, quantity: number, alreadyBooked = 0) =>
  decideBooking({ event: overrides === undefined ? undefined : { ...event, ...overrides }, alreadyBooked, request: { quantity }, now, holdTtlSeconds: 900 })

describe('decideBooking', () => {
  it('holds tickets as pending until now + the hold TTL, at exact price x quantity', () => {
    expect(decide({}, 3)).toEqual({ status: 'pending', total_price: '59.97', expires_at: new Date('2026-11-21T10:15:00.000Z') })
  })

  it('confirms free tickets at once, with nothing to expire', () => {
    expect(decide({ ticket_price: '0.00' }, 2)).toEqual({ status: 'confirmed', total_price: '0.00', expires_at: null })
  })

  it('rejects in order: not found, passed, limit, sold out', () => {
    expect(decide(undefined, 1)).toMatchObject({ status: 'rejected', reason: 'EVENT_NOT_FOUND' })
    // Passed wins over limit and stock.
    expect(decide({ event_date: now, available_tickets: 0 }, 9)).toMatchObject({ reason: 'EVENT_PASSED' })
    // Limit wins over stock.
    expect(decide({ available_tickets: 0 }, 2, 3)).toEqual({
      status: 'rejected',
      reason: 'LIMIT_EXCEEDED',
      detail: { limit: 4, already_booked: 3, requested: 2 },
      total_price: '39.98',
    })
    expect(decide({ available_tickets: 1 }, 2)).toEqual({
      status: 'rejected',
      reason: 'SOLD_OUT',
      detail: { available: 1, requested: 2 },
      total_price: '39.98',
    })
  })

  it('allows exactly the per-user limit and exactly the last tickets', () => {
    expect(decide({}, 1, 3).status).toBe('pending')
    expect(decide({ available_tickets: 2, max_tickets_per_user: null }, 2, 100).status).toBe('pending')
  })
})

describe('the held-tickets cap (MAX_HELD_TICKETS_PER_USER)', () => {
  const capped = (overrides: Partial<typeof event>, quantity: number, held: number, max = 20) =>
    decideBooking({ event: { ...event, ...overrides }, alreadyBooked: 0, holds: { held, max }, request: { quantity }, now, holdTtlSeconds: 900 })

  it('allows exactly the cap and refuses one ticket past it, after the per-event limit and before the stock', () => {
    expect(capped({}, 4, 16).status).toBe('pending')
    expect(capped({ available_tickets: 0 }, 4, 17)).toEqual({
      status: 'rejected',
      reason: 'HOLD_LIMIT_EXCEEDED',
      detail: { limit: 20, held: 17, requested: 4 },
      total_price: '79.96',
    })
    expect(decideBooking({ event, alreadyBooked: 3, holds: { held: 20, max: 20 }, request: { quantity: 2 }, now, holdTtlSeconds: 900 })).toMatchObject({ reason: 'LIMIT_EXCEEDED' })
  })

  it('does not count free tickets, which hold nothing unpaid', () => {
    expect(capped({ ticket_price: '0.00' }, 4, 20).status).toBe('confirmed')
  })
})

describe('a total the money column cannot hold', () => {
  it('is rejected INVALID_REQUEST (never an INSERT that fails for ever), before any other check', () => {
    expect(decide({ ticket_price: '9999999999.99', available_tickets: 0 }, 2)).toEqual({ status: 'rejected', reason: 'INVALID_REQUEST', detail: null, total_price: '0.00' })
    expect(decide({ ticket_price: '99999999.99', max_tickets_per_user: null, available_tickets: 100 }, 100).status).toBe('pending')
  })
})

describe('multiplyMoney', () => {
  it('multiplies without float error', () => {
    expect(multiplyMoney('0.10', 3)).toBe('0.30')
    expect(multiplyMoney('19.99', 100)).toBe('1999.00')
    expect(multiplyMoney('9999999999.99', 100)).toBe('999999999999.00')
    expect(multiplyMoney('0.01', 1)).toBe('0.01')
  })

  it('refuses a malformed amount', () => {
    expect(() => multiplyMoney('1.5', 2)).toThrow()
  })
})
