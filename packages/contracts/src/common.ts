import Type from 'typebox'

/**
 * Ids are UUIDs in one spelling only, lower-case and bare (what the platform generates): an upper-case
 * or `urn:uuid:` spelling of a real id is refused (400), never routed, compared or stored as another
 * string. The gateway, the services and the worker all check this same schema.
 */
export const Uuid = Type.String({ format: 'uuid', pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' })
/** ISO 8601, e.g. 2026-11-21T09:30:00.000Z; one the platform cannot represent as an instant (a leap second, 23:59:60) is refused (400). */
export const Timestamp = Type.String({ format: 'date-time' })
/** Money crosses every boundary as a decimal string with two places, e.g. "50000.00". */
export const Money = Type.String({ pattern: '^\\d{1,10}\\.\\d{2}$' })

export const IdParams = Type.Object({ id: Uuid }, { additionalProperties: false })

export const PageQuery = {
  /** Bounded so the offset stays an exact integer (page x limit far below 2^53). */
  page: Type.Integer({ minimum: 1, maximum: 1_000_000, default: 1 }),
  limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
}
