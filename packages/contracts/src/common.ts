import Type from 'typebox'

export const Uuid = Type.String({ format: 'uuid' })
/** ISO 8601 in UTC, e.g. 2026-11-21T09:30:00.000Z. */
export const Timestamp = Type.String({ format: 'date-time' })
/** Money crosses every boundary as a decimal string with two places, e.g. "50000.00". */
export const Money = Type.String({ pattern: '^\\d{1,10}\\.\\d{2}$' })

export const IdParams = Type.Object({ id: Uuid }, { additionalProperties: false })

export const PageQuery = {
  /** Bounded so the offset stays an exact integer (page x limit far below 2^53). */
  page: Type.Integer({ minimum: 1, maximum: 1_000_000, default: 1 }),
  limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
}
