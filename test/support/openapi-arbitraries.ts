import fc from 'fast-check'

/** The part of JSON Schema the gateway's OpenAPI document uses for parameters and bodies. */
export interface JsonSchema {
  type?: string | string[]
  enum?: unknown[]
  const?: unknown
  anyOf?: JsonSchema[]
  oneOf?: JsonSchema[]
  allOf?: JsonSchema[]
  format?: string
  pattern?: string
  minLength?: number
  maxLength?: number
  minimum?: number
  maximum?: number
  properties?: Record<string, JsonSchema>
  required?: string[]
  items?: JsonSchema
  minItems?: number
  uniqueItems?: boolean
  maxItems?: number
  $ref?: string
}

/** Ids that name something that exists (so a request can reach past "not found"), by what they name. */
export interface IdPool {
  events: string[]
  users: string[]
  bookings: string[]
}

/**
 * Strings a careful attacker tries on every field: instants JavaScript cannot hold, ids in other
 * spellings, numbers past what a column holds, control characters, and text past every limit.
 */
const NASTY_STRINGS = [
  '',
  ' ',
  '2030-06-30T23:59:60Z',
  '2030-02-30T00:00:00Z',
  '+275760-09-13T00:00:00.001Z',
  '0000-01-01T00:00:00Z',
  '9999-12-31T23:59:59.999+14:00',
  '1e309',
  '-0',
  'NaN',
  '99999999999999999999999',
  'urn:uuid:00000000-0000-4000-8000-000000000000',
  '00000000-0000-4000-8000-00000000000G',
  'AAAAAAAA-0000-4000-8000-000000000000',
  '{00000000-0000-4000-8000-000000000000}',
  '\u0000',
  '\uD800',
  'é'.normalize('NFD'),
  '<script>alert(1)</script>',
  "' OR 1=1 --",
  '../../etc/passwd',
  '%00',
  'x'.repeat(10_001),
  '💥'.repeat(300),
]

const nasty = fc.constantFrom(...NASTY_STRINGS)

/** Anything JSON can say, nasty strings included: what a broken or hostile client sends instead. */
export const wildValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  nasty,
  fc.constantFrom(0, -1, 1.5, 2 ** 31, 2 ** 53 + 2, -(2 ** 63), 1e308, Number.MIN_VALUE, true, null, [], {}),
)

const typeOf = (schema: JsonSchema): string | undefined => (Array.isArray(schema.type) ? schema.type[0] : schema.type)

function stringFor(schema: JsonSchema, pool: IdPool): fc.Arbitrary<string> {
  if (schema.format === 'uuid' || schema.pattern?.includes('[0-9a-f]{8}')) {
    const known = [...pool.events, ...pool.users, ...pool.bookings]
    return fc.oneof(fc.uuid({ version: 4 }), ...(known.length > 0 ? [fc.constantFrom(...known)] : []))
  }
  if (schema.format === 'date-time') {
    return fc.oneof(
      fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((date) => date.toISOString()),
      fc.constantFrom('2030-06-30T23:59:60Z', '2030-01-01T00:00:00+14:00', '2030-01-01T00:00:00.123456789Z', '1969-12-31T23:59:59Z'),
    )
  }
  if (schema.format === 'email') return fc.emailAddress().filter((email) => email.length <= (schema.maxLength ?? 254))
  // A URL (a webhook's target): web addresses, a loopback and a malformed one.
  if (schema.pattern?.startsWith('^[hH][tT][tT][pP]')) return fc.oneof(fc.webUrl({ validSchemes: ['https', 'http'] }), fc.constantFrom('https://127.0.0.1/hook', 'https://[::1]/x', 'http://'))
  const minLength = schema.minLength ?? 0
  const maxLength = Math.min(schema.maxLength ?? 40, 300)
  return fc.oneof(
    fc.string({ minLength, maxLength: Math.max(minLength, Math.min(maxLength, 40)) }),
    fc.string({ minLength, maxLength, unit: 'grapheme' }),
  )
}

function numberFor(schema: JsonSchema, integer: boolean): fc.Arbitrary<number> {
  const min = schema.minimum ?? -1_000_000
  const max = schema.maximum ?? 1_000_000
  const edges = fc.constantFrom(min, max, ...(integer ? [] : [max - 0.01, min + 0.001]))
  if (integer) return fc.oneof(fc.integer({ min: Math.ceil(min), max: Math.floor(max) }), edges)
  return fc.oneof(
    fc.integer({ min: Math.ceil(min * 100), max: Math.floor(max * 100) }).map((cents) => cents / 100),
    fc.double({ min, max, noNaN: true, noDefaultInfinity: true }),
    edges,
  )
}

/**
 * Values for a schema, mostly as the document describes them (so requests get past validation and
 * into the handlers), now and then something else at any depth (so validation itself is tried).
 */
export function arbitraryFor(schema: JsonSchema, pool: IdPool, wildWeight = 1): fc.Arbitrary<unknown> {
  const conforming = conformingFor(schema, pool, wildWeight)
  return wildWeight > 0 ? fc.oneof({ weight: 8, arbitrary: conforming }, { weight: wildWeight, arbitrary: wildValue }) : conforming
}

function conformingFor(schema: JsonSchema, pool: IdPool, wildWeight: number): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const)
  if (schema.enum) return fc.constantFrom(...schema.enum)
  const choices = schema.anyOf ?? schema.oneOf
  if (choices) return fc.oneof(...choices.map((choice) => arbitraryFor(choice, pool, wildWeight)))
  switch (typeOf(schema)) {
    case 'string':
      return stringFor(schema, pool)
    case 'integer':
      return numberFor(schema, true)
    case 'number':
      return numberFor(schema, false)
    case 'boolean':
      return fc.boolean()
    case 'null':
      return fc.constant(null)
    case 'array': {
      const constraints = { minLength: schema.minItems ?? 0, maxLength: Math.min(schema.maxItems ?? 5, 5) }
      const items = arbitraryFor(schema.items ?? {}, pool, wildWeight)
      return schema.uniqueItems ? fc.uniqueArray(items, { ...constraints, selector: (item) => JSON.stringify(item) }) : fc.array(items, constraints)
    }
    case 'object': {
      const properties = Object.fromEntries(Object.entries(schema.properties ?? {}).map(([name, property]) => [name, arbitraryFor(property, pool, wildWeight)]))
      const record = fc.record(properties, { requiredKeys: schema.required ?? [] })
      if (wildWeight === 0) return record
      // Now and then a required field missing or an extra one (the document forbids both).
      return fc.oneof(
        { weight: 8, arbitrary: record },
        { weight: 1, arbitrary: fc.tuple(record, fc.string({ maxLength: 10 }), wildValue).map(([value, key, extra]) => ({ ...(value as object), [key]: extra })) },
        { weight: 1, arbitrary: fc.record(properties, { requiredKeys: [] }) },
      )
    }
    default:
      return wildValue
  }
}
