import { HttpError } from '@tickets/http'

/**
 * A JSON number with at most two decimals, as the exact DECIMAL string MySQL stores.
 * Checked on the number's shortest decimal form, so 19.99 passes and 19.999 or 1e-7 do not.
 */
export function toMoney(value: number, field: string): string {
  const text = String(value)
  const match = /^(\d+)(?:\.(\d{1,2}))?$/.exec(text)
  if (!match) {
    throw new HttpError(400, 'VALIDATION_ERROR', 'Invalid body', { errors: { [field]: 'must be a number >= 0 with at most two decimals' } })
  }
  return `${match[1]}.${(match[2] ?? '').padEnd(2, '0')}`
}
