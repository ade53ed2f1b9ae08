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
 * Two validators: querystrings, params and headers arrive as strings and need coercion;
 * JSON bodies must not be coerced, or `{"quantity": true}` would quietly become 1.
 */
export function createValidatorCompiler(): FastifySchemaCompiler<unknown> {
  const coercing = addFormats(new Ajv({ ...shared, coerceTypes: 'array' }))
  const strict = addFormats(new Ajv({ ...shared, coerceTypes: false }))
  return ({ schema, httpPart }) => (httpPart === 'body' ? strict : coercing).compile(schema as object)
}
