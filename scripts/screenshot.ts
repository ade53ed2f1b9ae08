/**
 * `pnpm screenshot`: saves what an operator sees, for the documentation: Bull Board (signed in as the
 * administrator) and Swagger UI, from a running gateway. Run a burst first (`pnpm loadtest`) for
 * a board with jobs on it.
 *
 *   pnpm screenshot [--base http://localhost:3000] [--out docs] [--report loadtest-report.html]
 * With --report, also docs/loadtest-report.png from a `pnpm loadtest --report` file.
 * Admin credentials: ADMIN_EMAIL / ADMIN_PASSWORD (the development defaults otherwise).
 */
import { mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { launchChromium } from '@tickets/testing/browser'

const { values } = parseArgs({
  options: {
    base: { type: 'string', default: 'http://localhost:3000' },
    out: { type: 'string', default: 'docs' },
    report: { type: 'string' },
  },
})
const base = values.base.replace(/\/$/, '')
const username = process.env.ADMIN_EMAIL || 'admin@example.com'
const password = process.env.ADMIN_PASSWORD || 'admin-password-change-me'
mkdirSync(values.out, { recursive: true })

const browser = await launchChromium()
try {
  const context = await browser.newContext({ httpCredentials: { username, password }, viewport: { width: 1280, height: 800 } })
  const page = await context.newPage()

  const board = await page.goto(`${base}/admin/queues/queue/bookings?status=completed`)
  if (board?.status() !== 200) throw new Error(`Bull Board answered ${board?.status()}: check ADMIN_EMAIL / ADMIN_PASSWORD`)
  await page.getByText('bookings', { exact: true }).first().waitFor()
  await page.waitForTimeout(1_000)
  await page.screenshot({ path: join(values.out, 'bull-board.png') })

  await page.goto(`${base}/docs`)
  await page.locator('.opblock').first().waitFor()
  await page.screenshot({ path: join(values.out, 'swagger-ui.png') })
  console.log(`saved ${join(values.out, 'bull-board.png')} and ${join(values.out, 'swagger-ui.png')}`)

  if (values.report) {
    await page.setViewportSize({ width: 1150, height: 900 })
    await page.goto(`file://${resolve(values.report)}`)
    await page.locator('svg').first().waitFor()
    await page.screenshot({ path: join(values.out, 'loadtest-report.png'), fullPage: true })
    console.log(`saved ${join(values.out, 'loadtest-report.png')}`)
  }
} finally {
  await browser.close()
}
