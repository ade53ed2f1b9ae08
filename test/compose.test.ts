import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import type { TObject } from 'typebox'
import { commonEnvSchema } from '@tickets/config'
import { GatewayEnv } from '@tickets/gateway/config'
import { UserServiceEnv } from '@tickets/user-service/config'
import { EventServiceEnv } from '@tickets/event-service/config'
import { WorkerEnv } from '@tickets/worker/config'
import { DEPLOYABLES } from '../scripts/build.js'

// Docker is not available here, so the file is checked for what can be checked without it.
const root = join(import.meta.dirname, '..')
const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, Record<string, any>>
}
const services = compose.services

/** Which config schema reads each app container's environment. */
const SCHEMAS: Record<string, TObject> = {
  gateway: GatewayEnv,
  'user-service': UserServiceEnv,
  'event-service': EventServiceEnv,
  worker: WorkerEnv,
  migrate: commonEnvSchema,
}
const APP_SERVICES = Object.keys(SCHEMAS)

describe('docker-compose.yml', () => {
  it('runs MySQL 8.4 with a healthcheck and Redis 7 that never evicts and keeps an AOF', () => {
    expect(services.mysql?.image).toBe('mysql:8.4')
    expect(services.mysql?.healthcheck?.test).toBeDefined()
    expect(services.redis?.image).toBe('redis:7')
    const command = services.redis?.command.join(' ')
    expect(command).toContain('--maxmemory-policy noeviction')
    expect(command).toContain('--appendonly yes')
    expect(command).toContain('--appendfsync everysec')
    expect(services.redis?.healthcheck?.test).toBeDefined()
  })

  it('builds each app container from its target of the one Dockerfile, which runs its compiled entry', () => {
    const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8')
    const stages = dockerfile.split(/^FROM /m).slice(1)
    const stageOf = (target: string) => stages.find((stage) => new RegExp(`^\\S+ AS ${target}\\n`).test(stage))
    for (const name of APP_SERVICES) {
      expect(services[name]?.build, name).toEqual({ context: '.', target: name })
      expect(services[name]?.command, name).toBeUndefined()
      const stage = stageOf(name)
      expect(stage, name).toBeDefined()
      // The stage runs, as the unprivileged user, a module scripts/build.ts produces for it.
      expect(stage, name).toMatch(/^USER node$/m)
      const cmd = JSON.parse(/^CMD (\[.*\])$/m.exec(stage!)![1]!) as string[]
      const deployable = DEPLOYABLES.find((d) => d.name === name)!
      expect(cmd[0]).toBe('node')
      expect(Object.keys(deployable.entries).map((entry) => `dist/${entry}.mjs`), name).toContain(cmd[1])
      expect(stage, name).toMatch(/COPY --from=build --chown=root:root --chmod=a-w/)
    }
    expect(stages.at(-1)).toMatch(/^runtime AS gateway\n/)
    expect(dockerfile).toMatch(/^FROM node:24-bookworm-slim AS runtime$/m)
    expect(dockerfile).toMatch(/^HEALTHCHECK /m)
  })

  it('passes each service only variables its config schema knows', () => {
    for (const name of APP_SERVICES) {
      const known = Object.keys(SCHEMAS[name]!.properties)
      const given = Object.keys(services[name]?.environment ?? {})
      expect(given.length, name).toBeGreaterThan(0)
      expect(given.filter((variable) => !known.includes(variable)), name).toEqual([])
    }
  })

  it('runs migrations once, before the services, and starts in dependency order by health', () => {
    expect(services.migrate?.restart).toBe('no')
    expect(services.migrate?.depends_on).toEqual({ mysql: { condition: 'service_healthy' } })
    for (const name of ['user-service', 'event-service', 'worker']) {
      expect(services[name]?.depends_on.migrate, name).toEqual({ condition: 'service_completed_successfully' })
    }
    expect(services.worker?.depends_on.redis).toEqual({ condition: 'service_healthy' })
    expect(services.gateway?.depends_on).toMatchObject({
      redis: { condition: 'service_healthy' },
      'user-service': { condition: 'service_healthy' },
      'event-service': { condition: 'service_healthy' },
    })
    for (const name of ['user-service', 'event-service', 'worker', 'gateway']) expect(services[name]?.healthcheck, name).toBeDefined()
  })

  it('publishes only the gateway, on 3000 (the observability profile: on loopback only)', () => {
    const published = Object.entries(services).filter(([, service]) => service.ports && !service.profiles)
    expect(published.map(([name]) => name)).toEqual(['gateway'])
    for (const name of ['prometheus', 'grafana']) {
      expect(services[name]?.profiles, name).toEqual(['observability'])
      for (const port of services[name]?.ports ?? []) expect(port, name).toMatch(/^127\.0\.0\.1:/)
    }
    expect(services.gateway?.ports).toEqual(['${PORT:-3000}:3000'])
  })

  it('lets the worker scale: no fixed container name, no published port', () => {
    expect(services.worker?.container_name).toBeUndefined()
    expect(services.worker?.ports).toBeUndefined()
  })

  it('puts gateway replicas behind nginx in the scale profile, each replica on a port of its own', () => {
    expect(services.lb?.profiles).toEqual(['scale'])
    expect(services.lb?.ports).toEqual(['${LB_PORT:-8080}:8080'])
    expect(services.lb?.depends_on).toEqual({ gateway: { condition: 'service_healthy' } })
    const conf = readFileSync(join(root, 'ops/nginx/gateway-lb.conf'), 'utf8')
    // Re-resolved at run time (a variable), so every replica Docker's DNS names is used.
    expect(conf).toMatch(/resolver 127\.0\.0\.11/)
    expect(conf).toMatch(/set \$gateway http:\/\/gateway:3000;\s+proxy_pass \$gateway;/)
    expect(conf).toContain('X-Forwarded-For $proxy_add_x_forwarded_for')
    expect(services.gateway?.container_name).toBeUndefined()
    expect(services.gateway?.environment?.TRUST_PROXY).toBe('${TRUST_PROXY:-}')
    // Shards and cluster reach both sides of the queue alike.
    for (const name of ['gateway', 'worker']) {
      expect(services[name]?.environment?.BOOKING_QUEUE_SHARDS, name).toBe('${BOOKING_QUEUE_SHARDS:-1}')
      expect(services[name]?.environment?.REDIS_CLUSTER_NODES, name).toBe('${REDIS_CLUSTER_NODES:-}')
    }
  })

  it('requires a JWT secret and admin password instead of shipping defaults', () => {
    const text = readFileSync(join(root, 'docker-compose.yml'), 'utf8')
    expect(text).toMatch(/JWT_SECRET: \$\{JWT_SECRET:\?/)
    expect(text).toMatch(/ADMIN_PASSWORD: \$\{ADMIN_PASSWORD:\?/)
  })
})

describe('compose.databases.yml (only MySQL and Redis in Docker, for npm start on the host)', () => {
  const overlay = parse(readFileSync(join(root, 'compose.databases.yml'), 'utf8')) as { services: Record<string, Record<string, any>> }

  it('publishes MySQL and Redis on the loopback interface only, and nothing else', () => {
    expect(Object.keys(overlay.services).sort()).toEqual(['mysql', 'redis'])
    expect(overlay.services.mysql?.ports).toEqual(['127.0.0.1:${MYSQL_PORT:-3306}:3306'])
    expect(overlay.services.redis?.ports).toEqual(['127.0.0.1:${REDIS_PORT:-6379}:6379'])
  })

  it('passes `docker-compose config` with the main file when Debian\'s docker-compose is installed', () => {
    const bin = ['/usr/bin/docker-compose', '/usr/local/bin/docker-compose'].find((path) => existsSync(path))
    if (!bin && process.env.CI !== 'true') return // .ci/run installs it; locally it is optional
    const env = { ...process.env, JWT_SECRET: 'compose-config-check-secret-0123456789', ADMIN_PASSWORD: 'compose-config-check' }
    const result = spawnSync(bin!, ['-f', 'docker-compose.yml', '-f', 'compose.databases.yml', 'config', '-q'], { cwd: root, env, encoding: 'utf8' })
    expect(result.status, result.stderr).toBe(0)
    // The scale profile as docs/scaling.md runs it: replicas on a loopback port range, behind nginx.
    const scaled = spawnSync(bin!, ['--profile', 'scale', 'config'], { cwd: root, env: { ...env, PORT: '127.0.0.1:3010-3019', TRUST_PROXY: '1' }, encoding: 'utf8' })
    expect(scaled.status, scaled.stderr).toBe(0)
    const config = parse(scaled.stdout) as { services: Record<string, Record<string, any>> }
    expect(Object.keys(config.services)).toContain('lb')
    expect(JSON.stringify(config.services.gateway?.ports)).toMatch(/3010-3019|"published":"?3010/)
  })
})
