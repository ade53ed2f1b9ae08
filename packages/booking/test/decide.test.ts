import { describe, expect, it } from 'vitest'
import { decideBooking, type CategoryState, type DecisionInput } from '../src/decide.js'
import { addMoney, multiplyMoney } from '../src/money.js'

const now = new Date('2026-11-21T10:00:00.000Z')
const event = { event_date: new Date('2026-12-01T20:00:00.000Z'), max_tickets_per_user: 4 as number | null }
const category = (id: string, overrides: Partial<CategoryState> = {}): CategoryState => ({
  id,
  name: id.toUpperCase(),
  price: '19.99',
  available: 5,
  max_per_user: null,
  sales_start: null,
  sales_end: null,
  ...overrides,
})

/** One event with one category "ga" (the single-pool booking), unless told otherwise. */
function decide(
  { event: eventOverrides = {}, ga = {}, alreadyBooked = 0, ...rest }: { event?: Partial<typeof event> | null; ga?: Partial<CategoryState>; alreadyBooked?: number } & Partial<Omit<DecisionInput, 'event'>> = {},
  quantity = 1,
) {
  return decideBooking({
    event: eventOverrides === null ? undefined : { ...event, ...eventOverrides },
    categories: new Map([['ga', category('ga', ga)]]),
    lines: [{ category_id: 'ga', quantity }],
    alreadyBooked,
    now,
    holdTtlSeconds: 900,
    ...rest,
  })
}

const line = (quantity: number, price = '19.99', id = 'ga') => ({ category_id: id, quantity, name: id.toUpperCase(), unit_price: price })

describe('decideBooking, one category', () => {
  it('holds tickets as pending until now + the hold TTL, at exact price x quantity', () => {
    expect(decide({}, 3)).toEqual({ status: 'pending', total_price: '59.97', expires_at: new Date('2026-11-21T10:15:00.000Z'), lines: [line(3)] })
  })

  it('confirms free tickets at once, with nothing to expire', () => {
    expect(decide({ ga: { price: '0.00' } }, 2)).toEqual({ status: 'confirmed', total_price: '0.00', expires_at: null, lines: [line(2, '0.00')] })
  })

  it('rejects in order: not found, passed, limit, sold out', () => {
    expect(decide({ event: null })).toMatchObject({ status: 'rejected', reason: 'EVENT_NOT_FOUND', lines: [] })
    // Passed wins over limit and stock.
    expect(decide({ event: { event_date: now }, ga: { available: 0 } }, 9)).toMatchObject({ reason: 'EVENT_PASSED' })
    // Limit wins over stock.
    expect(decide({ ga: { available: 0 }, alreadyBooked: 3 }, 2)).toEqual({
      status: 'rejected',
      reason: 'LIMIT_EXCEEDED',
      detail: { limit: 4, already_booked: 3, requested: 2 },
      total_price: '39.98',
      lines: [line(2)],
    })
    expect(decide({ ga: { available: 1 } }, 2)).toEqual({
      status: 'rejected',
      reason: 'SOLD_OUT',
      detail: { category_id: 'ga', available: 1, requested: 2 },
      total_price: '39.98',
      lines: [line(2)],
    })
  })

  it('allows exactly the per-user limit and exactly the last tickets', () => {
    expect(decide({ alreadyBooked: 3 }, 1).status).toBe('pending')
    expect(decide({ event: { max_tickets_per_user: null }, ga: { available: 2 }, alreadyBooked: 100 }, 2).status).toBe('pending')
  })
})

describe('decideBooking, several lines', () => {
  const categories = new Map([
    ['std', category('std', { price: '10.00', available: 10 })],
    ['vip', category('vip', { price: '99.50', available: 2, max_per_user: 2 })],
  ])
  const order = (lines: Array<[string, number]>, rest: Partial<DecisionInput> = {}) =>
    decideBooking({
      event: { ...event, max_tickets_per_user: null },
      categories,
      lines: lines.map(([category_id, quantity]) => ({ category_id, quantity })),
      alreadyBooked: 0,
      now,
      holdTtlSeconds: 900,
      ...rest,
    })

  it('grants every line at its own price, the total their sum', () => {
    expect(order([['std', 3], ['vip', 2]])).toEqual({
      status: 'pending',
      total_price: '229.00',
      expires_at: new Date('2026-11-21T10:15:00.000Z'),
      lines: [line(3, '10.00', 'std'), line(2, '99.50', 'vip')],
    })
  })

  it('refuses all of it when one line does not fit, naming the first such line', () => {
    expect(order([['std', 3], ['vip', 3]], { alreadyInCategory: () => 0, categories: new Map([...categories, ['vip', { ...categories.get('vip')!, max_per_user: null }]]) })).toMatchObject({
      status: 'rejected',
      reason: 'SOLD_OUT',
      detail: { category_id: 'vip', available: 2, requested: 3 },
      total_price: '328.50',
    })
  })

  it("applies a category's own per-user limit, counting what the user already holds of it", () => {
    expect(order([['vip', 1]], { alreadyInCategory: (id) => (id === 'vip' ? 1 : 0) }).status).toBe('pending')
    expect(order([['std', 1], ['vip', 1]], { alreadyInCategory: (id) => (id === 'vip' ? 2 : 0) })).toMatchObject({
      reason: 'LIMIT_EXCEEDED',
      detail: { category_id: 'vip', limit: 2, already_booked: 2, requested: 1 },
    })
    // The event's limit counts every line, and is checked first.
    expect(order([['std', 2], ['vip', 1]], { event: { ...event, max_tickets_per_user: 2 }, alreadyInCategory: () => 2 })).toMatchObject({
      reason: 'LIMIT_EXCEEDED',
      detail: { limit: 2, already_booked: 0, requested: 3 },
    })
  })

  it('refuses a line outside its sales window (SALES_CLOSED), before limits and stock', () => {
    const closed = (window: Partial<CategoryState>) =>
      order([['std', 1], ['vip', 5]], { categories: new Map([...categories, ['std', { ...categories.get('std')!, ...window }]]) })
    expect(closed({ sales_start: new Date(now.getTime() + 1) })).toMatchObject({ reason: 'SALES_CLOSED', detail: { category_id: 'std' } })
    expect(closed({ sales_end: now })).toMatchObject({ reason: 'SALES_CLOSED', detail: { category_id: 'std' } })
    // Open from its start, up to (not at) its end.
    expect(closed({ sales_start: now, sales_end: new Date(now.getTime() + 1) })).toMatchObject({ reason: 'LIMIT_EXCEEDED' })
  })

  it('refuses a category that is not one of the event\'s as INVALID_REQUEST, naming it', () => {
    expect(order([['std', 1], ['gone', 1]])).toEqual({ status: 'rejected', reason: 'INVALID_REQUEST', detail: { category_id: 'gone' }, total_price: '0.00', lines: [] })
  })
})

describe('the held-tickets cap (MAX_HELD_TICKETS_PER_USER)', () => {
  const capped = (ga: Partial<CategoryState>, quantity: number, held: number, max = 20) => decide({ ga, holds: { held, max } }, quantity)

  it('allows exactly the cap and refuses one ticket past it, after the per-event limit and before the stock', () => {
    expect(capped({}, 4, 16).status).toBe('pending')
    expect(capped({ available: 0 }, 4, 17)).toEqual({
      status: 'rejected',
      reason: 'HOLD_LIMIT_EXCEEDED',
      detail: { limit: 20, held: 17, requested: 4 },
      total_price: '79.96',
      lines: [line(4)],
    })
    expect(decide({ alreadyBooked: 3, holds: { held: 20, max: 20 } }, 2)).toMatchObject({ reason: 'LIMIT_EXCEEDED' })
  })

  it('does not count free tickets, which hold nothing unpaid', () => {
    expect(capped({ price: '0.00' }, 4, 20).status).toBe('confirmed')
  })
})

describe('a total the money column cannot hold', () => {
  it('is rejected INVALID_REQUEST (never an INSERT that fails for ever), before any other check', () => {
    expect(decide({ ga: { price: '9999999999.99', available: 0 } }, 2)).toMatchObject({ status: 'rejected', reason: 'INVALID_REQUEST', detail: null, total_price: '0.00' })
    expect(decide({ event: { max_tickets_per_user: null }, ga: { price: '99999999.99', available: 100 } }, 100).status).toBe('pending')
  })
})

describe('money', () => {
  it('multiplies and adds without float error', () => {
    expect(multiplyMoney('0.10', 3)).toBe('0.30')
    expect(multiplyMoney('19.99', 100)).toBe('1999.00')
    expect(multiplyMoney('9999999999.99', 100)).toBe('999999999999.00')
    expect(multiplyMoney('0.01', 1)).toBe('0.01')
    expect(addMoney('0.10', '0.20')).toBe('0.30')
    expect(addMoney('999.99', '0.01')).toBe('1000.00')
  })

  it('refuses a malformed amount', () => {
    expect(() => multiplyMoney('1.5', 2)).toThrow()
    expect(() => addMoney('1', '2.00')).toThrow()
  })
})
