/**
 * `npm run build [-- <out>]` (default `build/`): one deployable directory per service, as the
 * production image runs them:
 *
 *   <out>/<service>/package.json
 *   <out>/<service>/node_modules   production dependencies only (`pnpm deploy --prod`, hoisted)
 *   <out>/<service>/dist/<entry>.mjs   the service compiled to JavaScript by esbuild
 *
 * Why a bundler rather than `tsc -b`: the workspace packages export their TypeScript sources
 * (`./src/index.ts`), which is what lets `npm start` and the tests run with no build step. esbuild
 * compiles each service with the workspace code it uses into one ES module and leaves every npm
 * package external, resolved from node_modules as usual (native addons, static assets of Swagger
 * UI and Bull Board, pino's worker transports all keep working). Type checking stays `tsc`'s job
 * (`npm run typecheck`, which the image build runs first).
 */
import { spawnSync } from 'node:child_process'
import { rmSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build, type Plugin } from 'esbuild'

const root = fileURLToPath(new URL('..', import.meta.url))

/** What each deployable is: its package, its directory, and its entry points. */
export const DEPLOYABLES = [
  { name: 'gateway', pkg: '@tickets/gateway', dir: 'services/gateway', entries: { server: 'src/server.ts' } },
  { name: 'user-service', pkg: '@tickets/user-service', dir: 'services/user-service', entries: { server: 'src/server.ts' } },
  { name: 'event-service', pkg: '@tickets/event-service', dir: 'services/event-service', entries: { server: 'src/server.ts' } },
  { name: 'worker', pkg: '@tickets/worker', dir: 'services/worker', entries: { main: 'src/main.ts' } },
  { name: 'migrate', pkg: '@tickets/db', dir: 'packages/db', entries: { migrate: 'src/migrate.ts' } },
] as const

/** Workspace packages (@tickets/*) are compiled in; every other package stays an import. */
const externalNpmPackages: Plugin = {
  name: 'external-npm-packages',
  setup(builder) {
    builder.onResolve({ filter: /^[^./]/ }, (args) => (args.path.startsWith('@tickets/') ? undefined : { path: args.path, external: true }))
  },
}

async function buildAll(out: string) {
  rmSync(out, { recursive: true, force: true })
  for (const deployable of DEPLOYABLES) {
    const target = join(out, deployable.name)
    const pnpm = spawnSync(
      process.execPath,
      [join(root, 'scripts/pnpm.mjs'), '--filter', deployable.pkg, 'deploy', '--prod', '--legacy', '--config.node-linker=hoisted', target],
      { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] },
    )
    if (pnpm.status !== 0) throw new Error(`pnpm deploy of ${deployable.pkg} failed`)
    // The sources came along with the package; the image needs only the compiled module.
    for (const leftover of ['src', 'test']) rmSync(join(target, leftover), { recursive: true, force: true })
    await build({
      entryPoints: Object.fromEntries(Object.entries(deployable.entries).map(([name, entry]) => [name, join(root, deployable.dir, entry)])),
      outdir: join(target, 'dist'),
      outExtension: { '.js': '.mjs' },
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20.19',
      sourcemap: 'linked',
      plugins: [externalNpmPackages],
      logLevel: 'warning',
    })
    console.log(`built ${deployable.name} -> ${target}`)
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildAll(resolve(root, process.argv[2] ?? 'build'))
}
