import { createHmac } from 'node:crypto'
import { DEV_JWT_SECRET } from '@tickets/config'

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')

/** Hand-made JWTs, to prove the verifier refuses what it must. */
export function makeToken(
  payload: Record<string, unknown>,
  options: { secret?: string; alg?: string; signature?: string } = {},
): string {
  const alg = options.alg ?? 'HS256'
  const head = `${b64({ alg, typ: 'JWT' })}.${b64(payload)}`
  if (alg === 'none') return `${head}.`
  const signature = options.signature ?? createHmac('sha256', options.secret ?? DEV_JWT_SECRET).update(head).digest('base64url')
  return `${head}.${signature}`
}

export const nowSeconds = () => Math.floor(Date.now() / 1000)
