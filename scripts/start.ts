/**
 * `pnpm start` / `pnpm dev`: runs the four processes side by side with prefixed, readable logs.
 * Ctrl-C stops them all; if one exits with an error the others are stopped too.
 * Migrations run before this script (see package.json), so services never race them.
 */
import concurrently from 'concurrently'

const watch = process.argv.includes('--watch')
const tsx = watch ? 'tsx watch --clear-screen=false' : 'tsx'

const services = [
  { name: 'users', entry: 'services/user-service/src/server.ts', color: 'cyan' },
  { name: 'events', entry: 'services/event-service/src/server.ts', color: 'magenta' },
  { name: 'worker', entry: 'services/worker/src/main.ts', color: 'yellow' },
  { name: 'gateway', entry: 'services/gateway/src/server.ts', color: 'green' },
]

const { result } = concurrently(
  services.map(({ name, entry, color }) => ({
    name,
    command: `${tsx} ${entry}`,
    prefixColor: color,
    env: { LOG_FORMAT: process.env.LOG_FORMAT ?? 'pretty' },
  })),
  { prefix: 'name', killOthersOn: ['failure'], restartTries: 0 },
)

result.then(
  () => process.exit(0),
  () => process.exit(1),
)
