import { randomUUID } from 'node:crypto'
import { HOLDS_TICKETS } from '@tickets/booking'
import { normalizeEmail } from '@tickets/contracts'
import { isDuplicateKey, type Knex, type Role, type UserRow } from '@tickets/db'

export interface NewUser {
  name: string
  email: string
  passwordHash: string
  role: Role
}

export type UserChanges = Partial<Pick<UserRow, 'name' | 'email' | 'password_hash' | 'role'>>

export class EmailTakenError extends Error {}



export function createUsersRepository(knex: Knex) {
  return {
    findById: (id: string, trx: Knex = knex) => trx('users').where({ id }).first(),

    findByEmail: (email: string, trx: Knex = knex) => trx('users').where({ email: normalizeEmail(email) }).first(),

    async list(page: number, limit: number) {
      const [rows, [{ total } = { total: 0 }]] = await Promise.all([
        knex('users').orderBy([{ column: 'created_at' }, { column: 'id' }]).limit(limit).offset((page - 1) * limit),
        knex('users').count<{ total: number }[]>({ total: '*' }),
      ])
      return { rows, total: Number(total) }
    },

    async insert(user: NewUser, trx: Knex = knex): Promise<UserRow> {
      const id = randomUUID()
      await translateDuplicate(
        trx('users').insert({ id, name: user.name, email: normalizeEmail(user.email), password_hash: user.passwordHash, role: user.role }),
      )
      return (await trx('users').where({ id }).first())!
    },

    /** The row as the change left it, read in the same transaction (undefined: no such user). */
    async update(id: string, changes: UserChanges, trx?: Knex): Promise<UserRow | undefined> {
      const normalized = changes.email === undefined ? changes : { ...changes, email: normalizeEmail(changes.email) }
      // A new password or role ends every token issued before it (they carry the old version).
      const revokes = changes.password_hash !== undefined || changes.role !== undefined
      const run = async (t: Knex) => {
        await translateDuplicate(t('users').where({ id }).update(revokes ? { ...normalized, token_version: t.raw('token_version + 1') } : normalized))
        return t('users').where({ id }).first()
      }
      return trx ? run(trx) : knex.transaction(run)
    },

    delete: (id: string, trx: Knex = knex) => trx('users').where({ id }).delete(),

    /** Bookings that still hold or own tickets (the booking domain's HOLDS_TICKETS) block deleting their user. */
    async activeBookingCount(userId: string, trx: Knex = knex): Promise<number> {
      const [row] = await trx('bookings').where({ user_id: userId }).whereIn('status', HOLDS_TICKETS).count<{ n: number }[]>({ n: '*' })
      return Number(row?.n ?? 0)
    },

    async organizedEventCount(userId: string, trx: Knex = knex): Promise<number> {
      const [row] = await trx('events').where({ organizer_id: userId }).count<{ n: number }[]>({ n: '*' })
      return Number(row?.n ?? 0)
    },
  }
}

export type UsersRepository = ReturnType<typeof createUsersRepository>

async function translateDuplicate<T>(query: Promise<T>): Promise<T> {
  try {
    return await query
  } catch (error) {
    if (isDuplicateKey(error)) throw new EmailTakenError()
    throw error
  }
}
