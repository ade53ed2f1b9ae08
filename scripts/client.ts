/**
 * `npm run client`: regenerates packages/client/src/schema.d.ts from docs/openapi.json (run
 * `npm run openapi` first after changing a route). packages/client/test fails when it is stale.
 */
import { writeFileSync } from 'node:fs'
import { clientSchemaSource } from '../packages/client/src/generate.js'

const out = new URL('../packages/client/src/schema.d.ts', import.meta.url)
writeFileSync(out, await clientSchemaSource())
console.log(`wrote ${out.pathname}`)
