/**
 * `npm run configuration`: writes docs/configuration.md, the reference of every environment
 * variable of every service, from the config schemas and the comment above each variable
 * (test/configuration-docs.test.ts fails when the committed file is stale or a variable has no comment).
 */
import { writeFileSync } from 'node:fs'
import { renderConfiguration } from './configuration-reference.js'

const root = new URL('..', import.meta.url)
const { markdown, undocumented } = renderConfiguration(root)
if (undocumented.length > 0) {
  console.error(`variables without a comment in their config schema: ${undocumented.join(', ')}`)
  process.exit(1)
}
writeFileSync(new URL('docs/configuration.md', root), markdown)
console.log('wrote docs/configuration.md')
