import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { IdParams, Success } from '@tickets/contracts'
import { ok, withDeadline } from '@tickets/http'
import { salesFigures } from '@tickets/booking'
import { queuedByEventKey } from '@tickets/queue'
import { bearerAuth, errorResponses } from './schema-parts.js'
import { Refs } from '../openapi/components.js'

/** Job states of a booking that is accepted and not decided yet. */
const UNDECIDED = ['waiting', 'active', 'delayed', 'prioritized'] as const

/**
 * An event's sales figures (admin): the database's in one query, and the requests still queued
 * for it from the per-event counter in Redis (see queued-counter.ts). That counter lags by up to a
 * flush interval and drifts only by a crash half way (a gateway's unflushed tally, a worker between
 * its commit and its count); it is reset to 0 whenever the event's queue shard is found empty, so a
 * drift does not outlive the burst it happened in.
 */
export const eventStatsRoutes: FastifyPluginAsyncTypebox<{ redisPrefix: string }> = async (app, { redisPrefix }) => {
  const queuedKey = queuedByEventKey(redisPrefix)

  const queuedFor = async (eventId: string): Promise<number | null> => {
    try {
      const [counted, counts] = await withDeadline(Promise.all([app.redis.hget(queuedKey, eventId), app.bookingShards.forEvent(eventId).getJobCounts(...UNDECIDED)]))
      const undecided = Object.values(counts).reduce((sum, n) => sum + n, 0)
      if (undecided === 0) {
        if (counted !== null && counted !== '0') await app.redis.hdel(queuedKey, eventId)
        return 0
      }
      return Math.min(Math.max(0, Number(counted ?? 0)), undecided)
    } catch {
      return null
    }
  }

  app.get(
    '/api/events/:id/stats',
    {
      preHandler: app.requireAdmin,
      schema: {
        tags: ['events'],
        operationId: 'getEventStats',
        summary:
          'Sales figures of an event (admin), per category and in total: capacity, available, held, sold, revenue, bookings by status, rejections by reason, waiting list, decisions in the last minute, queued requests, first sell-out',
        security: bearerAuth,
        params: IdParams,
        response: { 200: Success(Refs.EventStats), ...errorResponses },
      },
    },
    async (request) => {
      const [figures, queued] = await Promise.all([salesFigures(app.knex, request.params.id), queuedFor(request.params.id)])
      return ok({ ...figures, queued })
    },
  )
}
