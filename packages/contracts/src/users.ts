import Type, { type Static } from 'typebox'
import { PageQuery, Timestamp, Uuid } from './common.js'

export const Role = Type.Union([Type.Literal('user'), Type.Literal('admin')])
export type Role = Static<typeof Role>

const Name = Type.String({ minLength: 1, maxLength: 100 })
const Email = Type.String({ format: 'email', maxLength: 254 })
/** 8..72 characters here; the 72-byte bcrypt limit on multi-byte input is checked by user-service. */
const Password = Type.String({ minLength: 8, maxLength: 72, description: '8 to 72 bytes in UTF-8 (bcrypt ignores anything past 72 bytes, so longer is refused)' })

export const User = Type.Object({
  id: Uuid,
  name: Type.String(),
  email: Type.String(),
  role: Role,
  created_at: Timestamp,
  updated_at: Timestamp,
})
export type User = Static<typeof User>

export const UserSummary = Type.Object({ id: Uuid, name: Type.String(), email: Type.String() })
export type UserSummary = Static<typeof UserSummary>

const newUserFields = { name: Name, email: Email, password: Password, role: Type.Optional(Role) }

/** `role` is accepted only so that asking for "admin" can be answered 403 rather than 400. */
export const RegisterBody = Type.Object(newUserFields, { additionalProperties: false })
export type RegisterBody = Static<typeof RegisterBody>

/** The same email format as registration: an address that cannot be registered cannot log in. */
export const LoginBody = Type.Object(
  { email: Email, password: Type.String({ minLength: 1, maxLength: 1024 }) },
  { additionalProperties: false },
)
export type LoginBody = Static<typeof LoginBody>

export const AuthResult = Type.Object({ user: User, token: Type.String() })
export type AuthResult = Static<typeof AuthResult>

/** What an admin sends to create a user; here `role` may be anything. */
export const CreateUserBody = Type.Object(newUserFields, { additionalProperties: false })
export type CreateUserBody = Static<typeof CreateUserBody>

export const UpdateUserBody = Type.Object(
  { name: Type.Optional(Name), email: Type.Optional(Email), password: Type.Optional(Password), role: Type.Optional(Role) },
  { additionalProperties: false, minProperties: 1 },
)
export type UpdateUserBody = Static<typeof UpdateUserBody>

export const UserListQuery = Type.Object(PageQuery, { additionalProperties: false })
export type UserListQuery = Static<typeof UserListQuery>
