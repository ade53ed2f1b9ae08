import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'

/**
 * Packages import only downward. Each shared package may use the packages listed for it and no
 * other (a service or tool may use any package, never another service except through HTTP or the
 * queue; the end-to-end tests and the load tester may use everything). Checked over package.json
 * and over every import in the package's own source, so a dependency reached through another
 * package's node_modules cannot sneak in either. Tests (`test/` folders) may use the test harness
 * (@tickets/testing, a root devDependency) on top.
 */
const ALLOWED: Record<string, string[]> = {
  '@tickets/contracts': [],
  '@tickets/config': [],
  '@tickets/client': [],
  '@tickets/metrics': [],
  '@tickets/db': ['@tickets/config'],
  // The domain: rules, money, locks and every stock write. No HTTP, no Redis, no queue.
  '@tickets/booking': ['@tickets/contracts', '@tickets/db'],
  // Redis connections, queue definitions and the Redis side of the domain's StockSignals.
  '@tickets/queue': ['@tickets/contracts', '@tickets/booking'],
  // Webhooks: endpoints, signatures, the SSRF guard, the outbox relay's database side. No Redis, no queue.
  '@tickets/webhooks': ['@tickets/contracts', '@tickets/db'],
  // The HTTP kit every service shares: knows nothing of bookings or queues.
  '@tickets/http': ['@tickets/contracts', '@tickets/db', '@tickets/testing'],
  '@tickets/testing': ['@tickets/db'],
}
const SERVICES = ['@tickets/gateway', '@tickets/user-service', '@tickets/event-service', '@tickets/worker']

const root = new URL('..', import.meta.url).pathname
// The workspace's packages: folders with a package.json (a test's temporary build folder, seen in CI under packages/, is not one).
const workspaces = ['packages', 'services', 'tools']
  .flatMap((dir) => readdirSync(join(root, dir)).filter((name) => !name.startsWith('tickets-build-')).map((name) => join(root, dir, name)))
  .filter((dir) => existsSync(join(dir, 'package.json')))
const manifest = (dir: string) => JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name: string; dependencies?: Record<string, string>; devDependencies?: Record<string, string> }

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (name === 'node_modules') return []
    if (statSync(path).isDirectory()) return sourceFiles(path)
    return /\.(ts|mts)$/.test(name) && !name.endsWith('.d.ts') ? [path] : []
  })
}

/** `@tickets/x` of every static or dynamic import and export-from in a file. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8')
  return [...text.matchAll(/(?:from|import\()\s*['"](@tickets\/[a-z-]+)/g)].map((match) => match[1]!)
}

describe('packages import only downward', () => {
  for (const dir of workspaces) {
    const { name, dependencies = {}, devDependencies = {} } = manifest(dir)
    it(`${name} (${relative(root, dir)})`, () => {
      const declared = Object.keys({ ...dependencies, ...devDependencies }).filter((dep) => dep.startsWith('@tickets/'))
      const imported = [...new Set(sourceFiles(join(dir, 'src')).flatMap(importsOf))].filter((dep) => dep !== name)
      // Every workspace import is declared where it is made.
      expect(imported.filter((dep) => !declared.includes(dep)), 'imported but not declared').toEqual([])
      if (name in ALLOWED) expect(declared.filter((dep) => !ALLOWED[name]!.includes(dep)), 'a shared package reaching up or sideways').toEqual([])
      // A service talks to another only over HTTP or the queue, never by importing it.
      if (SERVICES.includes(name)) expect(declared.filter((dep) => SERVICES.includes(dep)), 'a service importing another').toEqual([])
    })
  }

  it('knows every shared package (a new one gets its line in ALLOWED)', () => {
    const shared = workspaces.filter((dir) => relative(root, dir).startsWith('packages')).map((dir) => manifest(dir).name)
    expect(shared.filter((name) => !(name in ALLOWED))).toEqual([])
  })
})
