import { BookingError } from './errors.js'

/**
 * Money is a DECIMAL(12,2) string end to end ("50.00"); arithmetic runs in integer cents (BigInt),
 * never through a float: "0.10" x 3 is "0.30", not "0.30000000000000004".
 */
export function multiplyMoney(price: string, quantity: number): string {
  return fromCents(toCents(price) * BigInt(quantity))
}

/** The sum of two two-decimal money strings. */
export function addMoney(a: string, b: string): string {
  return fromCents(toCents(a) + toCents(b))
}

function toCents(amount: string): bigint {
  const match = /^(\d+)\.(\d{2})$/.exec(amount)
  if (!match) throw new Error(`not a two-decimal money string: ${amount}`)
  return BigInt(match[1]!) * 100n + BigInt(match[2]!)
}

const fromCents = (cents: bigint) => `${cents / 100n}.${(cents % 100n).toString().padStart(2, '0')}`

/**
 * A JSON number with at most two decimals, as the exact DECIMAL string MySQL stores.
 * Checked on the number's shortest decimal form, so 19.99 passes and 19.999 or 1e-7 do not.
 */
export function toMoney(value: number, field: string): string {
  const match = /^(\d+)(?:\.(\d{1,2}))?$/.exec(String(value))
  if (!match) throw new BookingError('VALIDATION_ERROR', 'Invalid body', { [field]: 'must be a number >= 0 with at most two decimals' })
  return `${match[1]}.${(match[2] ?? '').padEnd(2, '0')}`
}

/** The largest amount a DECIMAL(12,2) column holds, in cents. */
const MAX_STORABLE_CENTS = 999_999_999_999n

/** Whether a two-decimal money string fits the DECIMAL(12,2) columns. */
export function fitsMoneyColumn(amount: string): boolean {
  return /^\d+\.\d{2}$/.test(amount) && toCents(amount) <= MAX_STORABLE_CENTS
}
