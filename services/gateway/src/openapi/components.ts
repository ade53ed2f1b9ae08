import Type, { type Static, type TSchema } from 'typebox'
import { AuthResult, Booking, BookingAccepted, ErrorBody, Event, PageMeta, User } from '@tickets/contracts'

/**
 * A reference to a shared schema, typed as the schema it names: routes get the same static types
 * as with the schema inline, Fastify's serializer resolves it among the schemas added below, and
 * @fastify/swagger writes it as `#/components/schemas/<name>`.
 */
function ref<T extends TSchema>(name: string, _schema: T) {
  return Type.Unsafe<Static<T>>({ $ref: `${name}#` })
}

/** The named schemas of the API (what generated clients call them), by reference. */
export const Refs = {
  User: ref('User', User),
  AuthResult: ref('AuthResult', AuthResult),
  Event: ref('Event', Event),
  Booking: ref('Booking', Booking),
  BookingAccepted: ref('BookingAccepted', BookingAccepted),
  PageMeta: ref('PageMeta', PageMeta),
  Error: ref('Error', ErrorBody),
}

/** Added to the app with `addSchema` before the routes (see plugins/openapi.ts). */
export const COMPONENT_SCHEMAS: Array<TSchema & { $id: string }> = [
  { ...User, $id: 'User' },
  // Its user by reference too, as the document shows it.
  { ...Type.Object({ user: Refs.User, token: Type.String() }), $id: 'AuthResult' },
  { ...Event, $id: 'Event' },
  { ...Booking, $id: 'Booking' },
  { ...BookingAccepted, $id: 'BookingAccepted' },
  { ...PageMeta, $id: 'PageMeta' },
  { ...ErrorBody, $id: 'Error' },
]

/** A page of a named schema with the shared page metadata (contracts' Paginated, with PageMeta by reference). */
export const PageOf = <T extends TSchema>(item: T) => Type.Object({ success: Type.Literal(true), message: Type.String(), data: Type.Array(item), meta: Refs.PageMeta })
