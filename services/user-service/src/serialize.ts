import type { User } from '@tickets/contracts'
import type { UserRow } from '@tickets/db'

/** The only way a user leaves this service: never with its password hash. */
export function toUser(row: UserRow): User {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    role: row.role,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  }
}
