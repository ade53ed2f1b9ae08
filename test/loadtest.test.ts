import { spawn } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startStack, type Stack } from './support/stack.js'

const ADMIN = { ADMIN_EMAIL: 'loadtest-admin@example.com', ADMIN_PASSWORD: 'loadtest-admin-password' }

/** Runs `pnpm loadtest` as a user would (same entry file), returning exit code and output. */
function loadtest(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'tools/loadtest/src/cli.ts', ...args], {
    env: { ...process.env, ...ADMIN },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk) => (stdout += chunk))
  child.stderr.on('data', (chunk) => (stderr += chunk))
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })))
}

describe('pnpm loadtest against the real stack', () => {
  let stack: Stack
  beforeAll(async () => {
    stack = await startStack({ ...ADMIN, BCRYPT_COST: '4', BOOKING_RATE_LIMIT_MAX: '1000' }, { workers: 1 })
  })
  afterAll(() => stack?.stop())

  it('fires a burst, follows every booking to its decision and reports the invariant holding', async () => {
    const { code, stdout, stderr } = await loadtest([
      '--base', stack.gatewayUrl, '--tickets', '30', '--users', '12', '--requests', '120',
      '--quantity', '1-3', '--concurrency', '20', '--limit', '5', '--json', '--drain-timeout', '60',
    ])
    expect(code, stderr).toBe(0)
    const summary = JSON.parse(stdout)

    expect(summary.config).toMatchObject({ requests: 120, concurrency: 20, users: 12, quantity: '1-3', tickets: 30, limit: 5 })
    // Accepted, or refused at intake once a commit sold the event out.
    const codes = summary.intake.status_codes
    expect(Object.keys(codes).every((code) => code === '202' || code === '409')).toBe(true)
    expect((codes['202'] ?? 0) + (codes['409'] ?? 0)).toBe(120)
    expect(summary.intake.accepted).toBe(codes['202'])
    expect(summary.processing.sold_out_at_intake).toBe(codes['409'] ?? 0)
    expect(summary.intake.network_errors).toBe(0)
    expect(summary.intake.requests_per_second).toBeGreaterThan(0)
    const { p50, p90, p99, max } = summary.intake.latency_ms
    expect(0 < p50 && p50 <= p90 && p90 <= p99 && p99 <= max).toBe(true)

    // 120 requests for 30 tickets sell out; every booking is decided exactly once.
    expect(summary.processing.decided).toBe(summary.intake.accepted)
    expect(summary.processing.time_to_sold_out_ms).toBeGreaterThan(0)
    expect(summary.processing.time_to_drain_ms).toBeGreaterThanOrEqual(summary.processing.time_to_sold_out_ms)
    expect(summary.processing.completed_per_second).toBeGreaterThan(0)
    const outcomes = Object.values<{ bookings: number }>(summary.outcomes).reduce((sum, o) => sum + o.bookings, 0)
    expect(outcomes).toBe(summary.intake.accepted)
    expect(summary.outcomes['rejected:SOLD_OUT'].bookings).toBeGreaterThan(0)
    expect(summary.tickets).toMatchObject({ total: 30, available: 0, held: 30, confirmed: 0 })
    expect(summary.invariant.ok).toBe(true)
    expect(summary.invariant.checks).toHaveLength(5)
    expect(summary.passed).toBe(true)
    // Progress goes to stderr, never into the JSON on stdout.
    expect(stderr).toContain('burst')
  })

  it('reuses the users of an earlier run and prints a readable summary', async () => {
    const { code, stdout } = await loadtest(['--base', stack.gatewayUrl, '--tickets', '5', '--users', '12', '--requests', '20', '--price', '0', '--no-progress'])
    expect(code).toBe(0)
    expect(stdout).toMatch(/requests\/s/)
    expect(stdout).toMatch(/latency\s+p50 [\d.]+ ms\s+p90 [\d.]+ ms\s+p99/)
    expect(stdout).toMatch(/confirmed\s+\d+ bookings\s+\d+ tickets/)
    expect(stdout).toContain('Invariant: OK')
    expect(stdout.trim().split('\n').at(-1)).toBe('PASSED')
  })

  it('exits 1 with the reason when the admin password is wrong', async () => {
    const { code, stderr } = await loadtest(['--base', stack.gatewayUrl, '--admin-password', 'wrong-password', '--no-progress'])
    expect(code).toBe(1)
    expect(stderr).toMatch(/loadtest: admin login answered 401/)
  })
})

describe('pnpm loadtest flags', () => {
  it('rejects a bad flag with exit code 2 and a clear message', async () => {
    const { code, stderr, stdout } = await loadtest(['--concurrency', 'many'])
    expect(code).toBe(2)
    expect(stderr).toBe('loadtest: --concurrency must be a whole number from 1 to 10000, got "many"\nRun "pnpm loadtest --help" for the flags.\n')
    expect(stdout).toBe('')
  })

  it('rejects an unknown flag', async () => {
    const { code, stderr } = await loadtest(['--requets', '10'])
    expect(code).toBe(2)
    expect(stderr).toMatch(/Unknown option '--requets'/)
  })

  it('prints usage for --help', async () => {
    const { code, stdout } = await loadtest(['--help'])
    expect(code).toBe(0)
    expect(stdout).toMatch(/^Usage: pnpm loadtest \[options\]/)
    expect(stdout).toContain('--concurrency <n>')
  })

  it('exits 1 when no gateway answers', async () => {
    const { code, stderr } = await loadtest(['--base', 'http://127.0.0.1:1', '--no-progress'])
    expect(code).toBe(1)
    expect(stderr).toMatch(/cannot reach the gateway at http:\/\/127\.0\.0\.1:1/)
  })
})
