import { readFileSync } from 'node:fs'
import openapiTS, { astToString } from 'openapi-typescript'

const DOCUMENT = new URL('../../../docs/openapi.json', import.meta.url)

/** The TypeScript declarations openapi-typescript makes of docs/openapi.json, as committed in schema.d.ts. */
export async function clientSchemaSource(): Promise<string> {
  const document = JSON.parse(readFileSync(DOCUMENT, 'utf8'))
  const ast = await openapiTS(document, { alphabetize: true })
  return `// Generated from docs/openapi.json by \`npm run client\` (openapi-typescript). Do not edit.\n${astToString(ast)}`
}
