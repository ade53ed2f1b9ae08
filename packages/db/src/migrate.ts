/**
 * `tsx packages/db/src/migrate.ts latest|rollback|seed` (pnpm db:migrate / db:rollback / db:seed).
 * Reads MYSQL_URL through the shared config schema so it resolves the same database as the services.
 */
import Type from 'typebox'
import { commonEnv, loadConfig } from '@tickets/config'
import { createKnex } from './create-knex.js'
import { ensureDatabase, migrate, rollbackAll } from './migrations.js'
import { seedDevelopmentData } from './seeds.js'

const config = loadConfig(Type.Object({ MYSQL_URL: commonEnv.MYSQL_URL }))
const command = process.argv[2] ?? 'latest'

await ensureDatabase(config.MYSQL_URL)
const knex = createKnex(config.MYSQL_URL, { poolMax: 1 })
try {
  if (command === 'latest') {
    const applied = await migrate(knex)
    console.log(applied.length ? `migrations applied: ${applied.join(', ')}` : 'database schema is up to date')
  } else if (command === 'rollback') {
    const reverted = await rollbackAll(knex)
    console.log(reverted.length ? `migrations reverted: ${reverted.join(', ')}` : 'nothing to roll back')
  } else if (command === 'seed') {
    await migrate(knex)
    console.log(await seedDevelopmentData(knex))
  } else {
    console.error(`unknown command "${command}"; use latest, rollback or seed`)
    process.exitCode = 2
  }
} finally {
  await knex.destroy()
}
