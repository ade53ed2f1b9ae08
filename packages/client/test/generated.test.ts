import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { clientSchemaSource } from '../src/generate.js'

describe('packages/client/src/schema.d.ts', () => {
  it('is what openapi-typescript makes of the committed docs/openapi.json (run `npm run client` after `npm run openapi`)', async () => {
    const committed = readFileSync(new URL('../src/schema.d.ts', import.meta.url), 'utf8')
    expect(await clientSchemaSource()).toBe(committed)
  })
})
