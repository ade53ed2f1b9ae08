import Type, { type Static, type TSchema } from 'typebox'

export const PageMeta = Type.Object({
  page: Type.Integer({ minimum: 1 }),
  limit: Type.Integer({ minimum: 1 }),
  total: Type.Integer({ minimum: 0 }),
})
export type PageMeta = Static<typeof PageMeta>

export function Success<T extends TSchema>(data: T) {
  return Type.Object({ success: Type.Literal(true), message: Type.String(), data })
}

export function Paginated<T extends TSchema>(item: T) {
  return Type.Object({ success: Type.Literal(true), message: Type.String(), data: Type.Array(item), meta: PageMeta })
}

export const ErrorBody = Type.Object({
  success: Type.Literal(false),
  message: Type.String(),
  code: Type.String({ pattern: '^[A-Z][A-Z0-9_]*$' }),
  errors: Type.Optional(Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Array(Type.Unknown())])),
})
export type ErrorBody = Static<typeof ErrorBody>

export const HealthBody = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('unavailable')]),
  checks: Type.Optional(Type.Record(Type.String(), Type.Union([Type.Literal('ok'), Type.String()]))),
})
export type HealthBody = Static<typeof HealthBody>
