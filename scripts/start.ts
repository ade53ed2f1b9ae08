/**
 * `pnpm start` / `pnpm dev`: applies migrations, then runs the four processes side by side with
 * prefixed, readable logs. Ctrl-C stops them all; if one exits with an error the others stop too.
 *
 * Settings come from the environment, and from `.env` when there is one (the shell wins).
 * Each service gets its own port: the gateway `PORT` (3000), user- and event-service the ports
 * of `USER_SERVICE_URL` / `EVENT_SERVICE_URL` (3001, 3002), the worker `METRICS_PORT` (3003),
 * so one `PORT` in `.env` cannot make them collide.
 */
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import concurrently from 'concurrently'

if (existsSync('.env')) process.loadEnvFile('.env')
// The services fail closed (NODE_ENV unset is production); `pnpm start` is for development
// unless the environment or .env says otherwise.
process.env.NODE_ENV ??= 'development'

const watch = process.argv.includes('--watch')
const tsx = watch ? 'tsx watch --clear-screen=false' : 'tsx'
const portOf = (url: string | undefined, fallback: number) => (url ? new URL(url).port || fallback : fallback)

// Migrations run once, before any service, so services never race them.
const migrated = spawnSync('tsx', ['packages/db/src/migrate.ts', 'latest'], { stdio: 'inherit' })
if (migrated.status !== 0) process.exit(migrated.status ?? 1)

const services = [
  { name: 'users', entry: 'services/user-service/src/server.ts', color: 'cyan', port: portOf(process.env.USER_SERVICE_URL, 3001) },
  { name: 'events', entry: 'services/event-service/src/server.ts', color: 'magenta', port: portOf(process.env.EVENT_SERVICE_URL, 3002) },
  { name: 'worker', entry: 'services/worker/src/main.ts', color: 'yellow', port: undefined },
  { name: 'gateway', entry: 'services/gateway/src/server.ts', color: 'green', port: process.env.PORT ?? 3000 },
]

const { result } = concurrently(
  services.map(({ name, entry, color, port }) => ({
    name,
    command: `${tsx} ${entry}`,
    prefixColor: color,
    env: { LOG_FORMAT: process.env.LOG_FORMAT || 'pretty', ...(port === undefined ? {} : { PORT: String(port) }) },
  })),
  { prefix: 'name', killOthersOn: ['failure'], restartTries: 0 },
)

result.then(
  () => process.exit(0),
  () => process.exit(1),
)
