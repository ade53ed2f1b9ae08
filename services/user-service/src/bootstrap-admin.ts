import type { FastifyBaseLogger } from 'fastify'
import type { PasswordHasher } from './passwords.js'
import { EmailTakenError, type UsersRepository } from './users-repository.js'

/**
 * Makes sure ADMIN_EMAIL is an administrator whose password is ADMIN_PASSWORD. Idempotent:
 * a second start changes nothing; a changed ADMIN_PASSWORD replaces the stored one; a changed
 * ADMIN_EMAIL creates (or promotes) that user and leaves the previous administrator as it is.
 */
export async function bootstrapAdmin(
  users: UsersRepository,
  passwords: PasswordHasher,
  admin: { email: string; password: string },
  log: FastifyBaseLogger,
): Promise<void> {
  const existing = await users.findByEmail(admin.email)
  if (!existing) {
    try {
      await users.insert({ name: 'Administrator', email: admin.email, passwordHash: await passwords.hash(admin.password), role: 'admin' })
      log.info({ email: admin.email }, 'administrator created')
      return
    } catch (error) {
      // Another replica created it at the same moment: fall through and check it.
      if (!(error instanceof EmailTakenError)) throw error
      return bootstrapAdmin(users, passwords, admin, log)
    }
  }
  const changes: { role?: 'admin'; password_hash?: string } = {}
  if (existing.role !== 'admin') changes.role = 'admin'
  if (!(await passwords.verify(admin.password, existing.password_hash))) changes.password_hash = await passwords.hash(admin.password)
  if (Object.keys(changes).length > 0) {
    await users.update(existing.id, changes)
    log.info({ email: admin.email, promoted: Boolean(changes.role), password_changed: Boolean(changes.password_hash) }, 'administrator updated')
  }
}
