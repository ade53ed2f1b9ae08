/**
 * `pnpm openapi`: writes docs/openapi.json, the OpenAPI document the gateway serves at /docs/json,
 * generated from the same route schemas (test/openapi.test.ts fails when the committed file is
 * out of date). Needs no database or Redis: the app is built, never started.
 */
import { writeFileSync } from 'node:fs'
import { openapiDocument } from '../services/gateway/src/openapi-document.js'

const path = new URL('../docs/openapi.json', import.meta.url)
writeFileSync(path, `${JSON.stringify(await openapiDocument(), null, 2)}\n`)
console.log(`wrote ${path.pathname}`)
process.exit(0)
