import { Refs } from '../openapi/components.js'

/** Every public route documents its failures with the one error envelope. */
export const errorResponses = { '4xx': Refs.Error, '5xx': Refs.Error }

/** OpenAPI security requirement of routes that need `Authorization: Bearer <jwt>`. */
export const bearerAuth = [{ bearer: [] }]

/** OpenAPI security requirement of public routes: none (said explicitly, so a client generator knows). */
export const noAuth: Array<Record<string, string[]>> = []
