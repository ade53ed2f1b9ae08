import fp from 'fastify-plugin'
import type { Knex } from 'knex'

declare module 'fastify' {
  interface FastifyInstance {
    knex: Knex
  }
}

/** Decorates the app with a knex instance it owns: the pool is destroyed when the app closes. */
export const knexPlugin = fp<{ knex: Knex }>(
  async (app, { knex }) => {
    app.decorate('knex', knex)
    app.addHook('onClose', async () => {
      await knex.destroy()
    })
  },
  { name: 'knex', fastify: '5.x' },
)
