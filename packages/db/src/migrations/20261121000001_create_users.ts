import type { Knex } from 'knex'

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('users', (t) => {
    t.uuid('id').primary()
    t.string('name', 100).notNullable()
    t.string('email', 254).notNullable().unique()
    t.string('password_hash', 255).notNullable()
    t.enum('role', ['user', 'admin']).notNullable().defaultTo('user')
    t.specificType('created_at', 'DATETIME(3)').notNullable().defaultTo(knex.raw('CURRENT_TIMESTAMP(3)'))
    t.specificType('updated_at', 'DATETIME(3)')
      .notNullable()
      .defaultTo(knex.raw('CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3)'))
  })
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('users')
}
