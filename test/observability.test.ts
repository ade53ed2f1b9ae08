import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { createApi } from './support/api.js'
import { pollUntilDecided } from './support/bookings.js'
import { startPlatform } from './support/platform.js'

const root = join(import.meta.dirname, '..')
const rules = parse(readFileSync(join(root, 'ops/prometheus/alerts.yml'), 'utf8')) as { groups: Array<{ rules: Array<{ alert: string; expr: string }> }> }
const dashboard = JSON.parse(readFileSync(join(root, 'ops/grafana/dashboards/tickets.json'), 'utf8')) as { panels: Array<{ targets: Array<{ expr: string }> }> }
const expressions = [...rules.groups.flatMap((group) => group.rules.map((rule) => rule.expr)), ...dashboard.panels.flatMap((panel) => panel.targets.map((t) => t.expr))]
/** The series the rules and the dashboard read (`up` is Prometheus's own). */
const referenced = [...new Set(expressions.flatMap((expr) => expr.match(/\b(?:tickets|http|nodejs)_[a-z0-9_]+/g) ?? []))].sort()

describe('alert rules and dashboard (ops/)', () => {
  it('pass promtool check rules', () => {
    const promtool = ['/usr/bin/promtool', '/usr/local/bin/promtool'].find((path) => existsSync(path))
    if (!promtool && process.env.CI !== 'true') return // .ci/run installs Debian's prometheus package
    const result = spawnSync(promtool!, ['check', 'rules', 'ops/prometheus/alerts.yml'], { cwd: root, encoding: 'utf8' })
    expect(result.status, result.stdout + result.stderr).toBe(0)
    expect(result.stdout).toContain(`SUCCESS: ${rules.groups[0]!.rules.length} rules found`)
  })

  it('has a runbook in docs/operations.md for every alert', () => {
    const operations = readFileSync(join(root, 'docs/operations.md'), 'utf8')
    const runbook = operations.slice(operations.indexOf('## Alerts and runbook'))
    for (const { alert } of rules.groups.flatMap((group) => group.rules)) expect(runbook, alert).toContain(`**${alert}**`)
  })

  it('reads only series a running platform exports after a small burst', async () => {
    const platform = await startPlatform({ STOCK_AUDIT_SECONDS: '1' }, { worker: true })
    const api = createApi(platform.gateway)
    const adminToken = await api.login(platform.admin.email, platform.admin.password)
    const event = (await api.call('POST', '/api/events', { token: adminToken, body: { name: 'Obs', location: 'Hall', event_date: new Date(Date.now() + 86_400_000).toISOString(), ticket_price: 5, total_tickets: 3 } })).body.data
    const { token } = await api.register()
    for (const quantity of [2, 2]) {
      const res = await api.call('POST', '/api/bookings', { token, body: { event_id: event.id, quantity } })
      await pollUntilDecided(api, token, res.body.data.id)
    }
    // Sold out for two: a waiting list, so its series have a sample.
    expect((await api.call('POST', `/api/events/${event.id}/waitlist`, { token: (await api.register()).token, body: { quantity: 2 } })).status).toBe(201)
    // One audit has run (every second here), so its series exist.
    await expect.poll(async () => /^tickets_stock_audit_timestamp_seconds\S* [1-9]/m.test(await platform.worker!.registry.metrics()), { timeout: 10_000 }).toBe(true)

    const texts = [
      (await platform.gateway.inject({ method: 'GET', url: '/metrics' })).body,
      await (await fetch(`${platform.usersUrl}/metrics`)).text(),
      await (await fetch(`${platform.eventsUrl}/metrics`)).text(),
      await platform.worker!.registry.metrics(),
    ]
    const exported = new Set(texts.flatMap((text) => text.split('\n').filter((line) => line && !line.startsWith('#')).map((line) => /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(line)![0])))
    expect(referenced.length).toBeGreaterThan(10)
    expect(referenced.filter((name) => !exported.has(name))).toEqual([])
  })
})
