import { Ajv, type Options } from 'ajv'
import formatsModule, { type FormatsPlugin } from 'ajv-formats'
import type { FastifySchemaCompiler } from 'fastify'

// ajv-formats is CommonJS with `exports.default`; under NodeNext the default import is the whole module.
const addFormats = ((formatsModule as unknown as { default?: FormatsPlugin }).default ?? formatsModule) as FormatsPlugin

const shared: Options = {
  allErrors: true, // name every bad field in one answer
  removeAdditional: false, // unknown fields are an error, not silently dropped (Fastify's default drops them)
  useDefaults: true,
  strict: false,
}

/**
 * ajv-formats' `date-time` follows RFC 3339, which allows a leap second (`23:59:60`); JavaScript's
 * Date cannot represent one, so such a value would pass validation and become an invalid date
 * (a 500 once written). Here a date-time must also be an instant Date can hold: else 400.
 */
function representableDateTimes(ajv: Ajv): Ajv {
  const original = ajv.formats['date-time'] as { validate: (value: string) => boolean }
  ajv.addFormat('date-time', { ...original, validate: (value: string) => original.validate(value) && Number.isFinite(Date.parse(value)) })
  return ajv
}

/**
 * Two validators: querystrings, params and headers arrive as strings and need coercion;
 * JSON bodies must not be coerced, or `{"quantity": true}` would quietly become 1.
 */
export function createValidatorCompiler(): FastifySchemaCompiler<unknown> {
  const coercing = representableDateTimes(addFormats(new Ajv({ ...shared, coerceTypes: 'array' })))
  const strict = representableDateTimes(addFormats(new Ajv({ ...shared, coerceTypes: false })))
  return ({ schema, httpPart }) => (httpPart === 'body' ? strict : coercing).compile(schema as object)
}
