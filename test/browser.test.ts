import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { createApi } from './support/api.js'
import { hasChromium, launchChromium, CHROMIUM_PATH } from '@tickets/testing/browser'
import { startPlatform } from './support/platform.js'
import { withWaitingBooking } from './support/fixtures.js'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseOptions, renderReport, summarize } from '@tickets/loadtest'

// CI installs Chromium and sets CI=true, so there the test runs or fails; it never silently skips.
const runBrowser = hasChromium || process.env.CI === 'true'
if (!runBrowser) console.warn(`browser tests skipped: no Chromium at ${CHROMIUM_PATH} (apt-get install chromium)`)

describe.runIf(runBrowser)('in a real browser', () => {
  let browser: Browser
  beforeAll(async () => {
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
  })

  const listen = async (gateway: Awaited<ReturnType<typeof startPlatform>>['gateway']) => gateway.listen({ host: '127.0.0.1', port: 0 })

  it('shows an administrator Bull Board with the booking queue', async () => {
    const { gateway, admin } = await startPlatform()
    const base = await listen(gateway)
    const context = await browser.newContext({ httpCredentials: { username: admin.email, password: admin.password } })
    const page = await context.newPage()
    const errors: string[] = []
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text())
    })
    const res = await page.goto(`${base}/admin/queues`)
    expect(res?.status()).toBe(200)
    // Rendered by the board's own scripts: proves they ran under the gateway's CSP.
    await expect(page.getByText('bookings', { exact: true }).first().waitFor({ timeout: 15_000 })).resolves.toBeUndefined()
    await expect(page.getByText('booking-expiry', { exact: true }).first().waitFor({ timeout: 5_000 })).resolves.toBeUndefined()
    expect(errors.filter((text) => /Content Security Policy/i.test(text))).toEqual([])
    await context.close()
  })

  it("refuses the board's destructive buttons by default: a booking job survives an administrator's Clean", async () => {
    // No worker runs: the booking waits in the queue, where the board shows it.
    const platform = await withWaitingBooking()
    const { jobId } = platform
    const base = await listen(platform.gateway)
    const context = await browser.newContext({ httpCredentials: { username: platform.admin.email, password: platform.admin.password } })
    const page = await context.newPage()
    await page.goto(`${base}/admin/queues/queue/bookings?status=waiting`)
    await page.getByText(jobId).first().waitFor({ timeout: 15_000 })

    // The job card's last action is "clean this job" (the trash icon), behind a confirmation.
    await page.locator('ul[class*="jobActions"] li').last().locator('button').click()
    const answer = page.waitForResponse((res) => res.request().method() === 'PUT' && res.url().endsWith(`/${jobId}/clean`))
    await page.getByRole('button', { name: 'Confirm' }).click()
    const res = await answer
    expect(res.status()).toBe(403)
    expect(await res.json()).toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('BULL_BOARD_READ_ONLY=false') })

    expect(await (await platform.gateway.bookingShards.all[0]!.getJob(jobId))?.getState()).toBe('waiting')
    await page.reload()
    await expect(page.getByText(jobId).first().waitFor({ timeout: 15_000 })).resolves.toBeUndefined()
    await context.close()
  })

  it('refuses a non-admin the board', async () => {
    const { gateway } = await startPlatform()
    const base = await listen(gateway)
    const user = await createApi(gateway).register()
    const context = await browser.newContext({ httpCredentials: { username: user.user.email, password: user.password } })
    const page = await context.newPage()
    const res = await page.goto(`${base}/admin/queues`)
    expect(res?.status()).toBe(403)
    expect(await page.content()).toContain('Administrators only')
    expect(await page.getByText('booking-expiry').count()).toBe(0)
    await context.close()
  })

  it('asks an anonymous visitor to sign in', async () => {
    const { gateway } = await startPlatform()
    const base = await listen(gateway)
    const context = await browser.newContext()
    const page = await context.newPage()
    // Headless Chromium has no sign-in dialog: a Basic challenge without credentials ends the
    // navigation with this error, where a desktop browser would ask for email and password.
    await expect(page.goto(`${base}/admin/queues`)).rejects.toThrow(/ERR_INVALID_AUTH_CREDENTIALS/)
    expect(await page.getByText('booking-expiry').count()).toBe(0)
    await context.close()
  })

  it('renders the pnpm loadtest HTML report offline, every chart drawn', async () => {
    const options = parseOptions(['--rate', '20', '--duration', '3'], {})!
    const start = Date.now()
    const requests = Array.from({ length: 60 }, (_, i) => ({ at: i * 50, status: i < 40 ? 202 : 409, latency: 5 + (i % 7) }))
    const summary = summarize(options, {
      burstStartedAt: start,
      burstDurationMs: 3_000,
      latenciesMs: requests.map((r) => r.latency),
      statusCounts: { '202': 40, '409': 20 },
      networkErrors: 0,
      accepted: [],
      soldOutAnswers: Array.from({ length: 20 }, (_, i) => start + 2_000 + i * 40),
      bookings: [],
      events: [],
      clockOffsetMs: 0,
      drained: true,
      requests,
      queueDepth: [{ at: 200, waiting: 12 }, { at: 1_200, waiting: 4 }, { at: 2_200, waiting: 0 }],
    })
    const dir = mkdtempSync(join(tmpdir(), 'report-'))
    writeFileSync(join(dir, 'report.html'), renderReport(summary))
    const page = await browser.newPage()
    const requested: string[] = []
    page.on('request', (request) => requested.push(request.url()))
    await page.goto(`file://${join(dir, 'report.html')}`)
    expect(await page.locator('svg').count()).toBe(5)
    // Every chart has something drawn in it, and nothing was fetched from anywhere.
    for (let i = 0; i < 5; i++) expect(await page.locator('svg').nth(i).locator('.series').count(), `chart ${i}`).toBeGreaterThan(0)
    expect(requested.filter((url) => !url.startsWith('file://'))).toEqual([])
    await page.close()
  })

  it('renders Swagger UI with the API operations', async () => {
    const { gateway } = await startPlatform()
    const base = await listen(gateway)
    const page = await browser.newPage()
    await page.goto(`${base}/docs`)
    await page.locator('.opblock-summary-path', { hasText: '/api/bookings/{id}/confirm-payment' }).first().waitFor({ timeout: 15_000 })
    expect(await page.locator('.opblock').count()).toBeGreaterThanOrEqual(20)
    await page.close()
  })
})
