import { hash, verify } from '@node-rs/bcrypt'
import { HttpError } from '@tickets/http'

/** bcrypt silently ignores bytes after the 72nd, so longer passwords are refused, not truncated. */
const MAX_PASSWORD_BYTES = 72

export function assertPasswordLength(password: string): void {
  if (Buffer.byteLength(password, 'utf8') > MAX_PASSWORD_BYTES) {
    throw new HttpError(400, 'VALIDATION_ERROR', 'Invalid body', {
      errors: { password: `must be at most ${MAX_PASSWORD_BYTES} bytes` },
    })
  }
}

export interface PasswordHasher {
  hash: (password: string) => Promise<string>
  /** Takes as long for an unknown user as for a known one, so timing does not reveal which emails exist. */
  verify: (password: string, passwordHash: string | undefined) => Promise<boolean>
}

export function createPasswordHasher(cost: number): PasswordHasher {
  // Hashed lazily once; compared against when the email is unknown.
  let dummy: Promise<string> | undefined
  return {
    hash: (password) => hash(password, { cost }),
    verify: async (password, passwordHash) => {
      if (passwordHash) return verify(password, passwordHash)
      dummy ??= hash('not-a-real-password', { cost })
      await verify(password, await dummy)
      return false
    },
  }
}
