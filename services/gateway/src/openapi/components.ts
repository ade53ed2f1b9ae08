import Type, { type Static, type TSchema, type TUnsafe } from 'typebox'
import { Booking, BookingAccepted, Category, ErrorBody, Event, EventStats, PageMeta, ReplayAccepted, RotatedSecret, User, WaitlistEntry, WebhookDelivery, WebhookEndpoint, WebhookEndpointWithSecret } from '@tickets/contracts'

/**
 * A reference to a shared schema, typed as the schema it names: routes get the same static types
 * as with the schema inline, Fastify's serializer resolves it among the schemas added below, and
 * @fastify/swagger writes it as `#/components/schemas/<name>`.
 */
const ref = <T extends TSchema>(name: string, _schema: T) => Type.Unsafe<Static<T>>({ $ref: `${name}#` })

/** The named schemas of the API (what generated clients call them), in the order they are added. */
const NAMED = {
  User,
  // Its user by reference too, as the document shows it.
  AuthResult: Type.Object({ user: ref('User', User), token: Type.String() }),
  Category,
  Event,
  Booking,
  BookingAccepted,
  WaitlistEntry,
  EventStats,
  WebhookEndpoint,
  WebhookEndpointWithSecret,
  RotatedSecret,
  WebhookDelivery,
  ReplayAccepted,
  PageMeta,
  Error: ErrorBody,
}
type Named = typeof NAMED

/** Each named schema by reference. */
export const Refs = Object.fromEntries(Object.entries(NAMED).map(([name, schema]) => [name, ref(name, schema)])) as {
  [K in keyof Named]: TUnsafe<Static<Named[K]>>
}

/** Added to the app with `addSchema` before the routes (see plugins/openapi.ts). */
export const COMPONENT_SCHEMAS: Array<TSchema & { $id: string }> = Object.entries(NAMED).map(([name, schema]) => ({ ...schema, $id: name }))

/** A page of a named schema with the shared page metadata (contracts' Paginated, with PageMeta by reference). */
export const PageOf = <T extends TSchema>(item: T) => Type.Object({ success: Type.Literal(true), message: Type.String(), data: Type.Array(item), meta: Refs.PageMeta })
