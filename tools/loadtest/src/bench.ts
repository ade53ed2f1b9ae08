/**
 * `pnpm bench`: the standard burst, run twice in one go on this machine, so the two can be
 * compared side by side: the worker with its default settings, and with WORKER_CONCURRENCY=1.
 *
 * Each configuration gets a fresh stack (the four processes of `pnpm start`) on the local MySQL
 * and Redis, in a database and Redis prefix of its own that are dropped afterwards. Before each
 * measured burst a warm-up burst runs against a separate event (JIT, connection pools, users).
 * Same seed, same event shape, same users every time.
 *
 *   pnpm bench            # prints both summaries and the comparison table
 *   pnpm bench --json     # the two summaries as JSON
 */
import { parseArgs } from 'node:util'
import { createTestRun, resolveServices } from '@tickets/testing/run'
import { startStack } from '@tickets/testing/stack'
import { loadWorkerConfig } from '@tickets/worker/config'
import { compareRows, formatProgress, formatSummary } from './format.js'
import type { LoadtestOptions } from './options.js'
import { runLoadtest } from './run.js'
import type { Summary } from './summary.js'

const { values } = parseArgs({ options: { json: { type: 'boolean', default: false } }, strict: true })

const ADMIN = { email: 'bench-admin@example.com', password: 'bench-admin-password' }
// The worker's own default (an empty environment), so the label cannot drift from it.
const WORKER_DEFAULT_CONCURRENCY = loadWorkerConfig({}).WORKER_CONCURRENCY

/** The standard burst: one hot event, 1,000 tickets, 10,000 requests, concurrency 100. */
const STANDARD = {
  tickets: 1_000,
  price: 50,
  limit: 4,
  users: 1_000,
  userPrefix: 'bench',
  requests: 10_000,
  quantity: { min: 1, max: 4 },
  concurrency: 100,
  seed: 42,
  drainTimeout: 600,
}
const WARM_UP = { ...STANDARD, tickets: 200, requests: 2_000, concurrency: 50, seed: 7 }

const configurations: Array<{ label: string; env: Record<string, string> }> = [
  { label: `worker default (WORKER_CONCURRENCY=${WORKER_DEFAULT_CONCURRENCY})`, env: {} },
  { label: 'WORKER_CONCURRENCY=1', env: { WORKER_CONCURRENCY: '1' } },
]

const log = (line: string) => process.stderr.write(`${line}\n`)

const services = await resolveServices()
const results: Array<{ label: string; summary: Summary }> = []

for (const configuration of configurations) {
  const run = await createTestRun(services, 'bench')
  log(`\n== ${configuration.label}: starting the stack (database ${new URL(run.mysqlUrl).pathname.slice(1)})`)
  const stack = await startStack({
    NODE_ENV: 'development',
    LOG_LEVEL: 'warn',
    MYSQL_URL: run.mysqlUrl,
    REDIS_URL: run.redisUrl,
    REDIS_PREFIX: run.redisPrefix,
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    // Sign-in cost and abuse limits are not what this measures: keep them out of the way.
    BCRYPT_COST: '4',
    BOOKING_RATE_LIMIT_MAX: '1000000',
    LOGIN_RATE_LIMIT_MAX: '1000000',
    ...configuration.env,
  })
  try {
    const base = (burst: typeof STANDARD): LoadtestOptions => ({
      ...burst,
      base: stack.gatewayUrl,
      adminEmail: ADMIN.email,
      adminPassword: ADMIN.password,
      json: false,
      progress: true,
    })
    let lastLine = 0
    const onProgress = (progress: Parameters<typeof formatProgress>[0]) => {
      if (progress.elapsedMs - lastLine < 2_000) return
      lastLine = progress.elapsedMs
      log(`   ${formatProgress(progress)}`)
    }
    log('-- warm-up burst')
    const warm = await runLoadtest(base(WARM_UP), { onProgress })
    if (!warm.passed) throw new Error(`warm-up failed:\n${formatSummary(warm)}`)
    log('-- standard burst')
    lastLine = 0
    const summary = await runLoadtest(base(STANDARD), { onProgress })
    results.push({ label: configuration.label, summary })
  } finally {
    await stack.stop()
    await run.teardown()
  }
}

if (values.json) {
  process.stdout.write(`${JSON.stringify(results, null, 2)}\n`)
} else {
  for (const { label, summary } of results) process.stdout.write(`\n=== ${label}\n${formatSummary(summary)}\n`)
  const [a, b] = results as [{ label: string; summary: Summary }, { label: string; summary: Summary }]
  const rows = [['metric', a.label, b.label, 'ratio'], ...compareRows(a.summary, b.summary)]
  const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((row) => row[i]!.length)))
  process.stdout.write(`\n=== side by side (same machine, same run; ratio = first / second)\n`)
  for (const row of rows) process.stdout.write(`${row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ')}\n`)
}
process.exit(results.every(({ summary }) => summary.passed) ? 0 : 1)
