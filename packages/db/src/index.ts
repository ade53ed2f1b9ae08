export { createKnex, createKnexFromConfig, parseMysqlUrl, withDatabase, type Knex } from './create-knex.js'
export { migrationSource, migrate, rollbackAll, ensureDatabase } from './migrations.js'
export { errnoOf, isCheckViolation, isDuplicateKey, isLockConflict, isMissingParent } from './errors.js'
export type * from './tables.js'
