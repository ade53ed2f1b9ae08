/**
 * Price x quantity on DECIMAL strings in integer cents (BigInt), never through a float:
 * "0.10" x 3 is "0.30", not "0.30000000000000004".
 */
export function multiplyMoney(price: string, quantity: number): string {
  const match = /^(\d+)\.(\d{2})$/.exec(price)
  if (!match) throw new Error(`not a two-decimal money string: ${price}`)
  const cents = (BigInt(match[1]!) * 100n + BigInt(match[2]!)) * BigInt(quantity)
  const whole = cents / 100n
  const fraction = (cents % 100n).toString().padStart(2, '0')
  return `${whole}.${fraction}`
}
