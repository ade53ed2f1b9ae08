import type { FastifyBaseLogger } from 'fastify'
import { bookingChangesChannel, createRedis, type RedisClient, type RedisTarget } from '@tickets/queue'
import { withDeadline } from '@tickets/http'

export interface BookingChangesOptions {
  target: RedisTarget
  prefix: string
  log: FastifyBaseLogger
  /** How long the channel is still listened to after the last stream ended, in case another comes. */
  idleMs?: number
}

/**
 * Which bookings changed, for this gateway's live status streams: the ids are published on one
 * channel (by the worker after each batch, by a gateway after a change it made, by the outbox
 * relay for the rest; every gateway hears every notice, on a Redis Cluster too), and each stream
 * is called for its own booking's. The channel is
 * listened to only while some stream is open (a gateway with none does no work for it), over a
 * connection of its own (a subscribed connection can do nothing else); ioredis subscribes again
 * after a reconnect. A notice lost meanwhile is caught by each stream's periodic re-read.
 */
export function createBookingChanges({ target, prefix, log, idleMs = 30_000 }: BookingChangesOptions) {
  const channel = bookingChangesChannel(prefix)
  const watchers = new Map<string, Set<() => void>>()
  let listening: Promise<RedisClient> | undefined
  let idle: NodeJS.Timeout | undefined

  const listen = async () => {
    const connection = createRedis(target, 'worker', 'gateway-booking-changes')
    connection.on('error', (err) => log.warn({ err: err.message }, 'booking changes connection error'))
    connection.on('message', (_channel: string, message: string) => {
      let ids: unknown
      try {
        ids = JSON.parse(message)
      } catch {
        return
      }
      if (!Array.isArray(ids)) return
      for (const id of ids) for (const notify of watchers.get(String(id)) ?? []) notify()
    })
    try {
      await withDeadline(connection.subscribe(channel), 2_000)
    } catch (error) {
      connection.disconnect()
      throw error
    }
    return connection
  }

  const stop = async () => {
    const stopping = listening
    listening = undefined
    const connection = await stopping?.catch(() => undefined)
    if (connection) await withDeadline(connection.quit(), 1_000).catch(() => connection.disconnect())
  }

  return {
    /** Calls `notify` whenever booking `id` may have changed, until the returned function is called. */
    async watch(id: string, notify: () => void): Promise<() => void> {
      clearTimeout(idle)
      const set = watchers.get(id) ?? new Set()
      set.add(notify)
      watchers.set(id, set)
      const unwatch = () => {
        set.delete(notify)
        if (set.size === 0 && watchers.get(id) === set) watchers.delete(id)
        if (watchers.size === 0) idle = setTimeout(() => void stop(), idleMs).unref()
      }
      try {
        listening ??= listen()
        await listening
      } catch (error) {
        listening = undefined
        unwatch()
        throw error
      }
      return unwatch
    },
    /** Whether the channel is listened to now (for tests). */
    get listening(): boolean {
      return listening !== undefined
    },
    close: async () => {
      clearTimeout(idle)
      watchers.clear()
      await stop()
    },
  }
}

export type BookingChanges = ReturnType<typeof createBookingChanges>
