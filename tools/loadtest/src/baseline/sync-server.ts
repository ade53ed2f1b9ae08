/**
 * The design the platform replaces, as a baseline for `pnpm bench`: a lean synchronous server
 * (Fastify + @fastify/jwt + mysql2, no queue) that decides each booking inside the HTTP request,
 * in one `SELECT ... FOR UPDATE` transaction per request, on the platform's own schema.
 *
 * It answers like the platform's `Prefer: wait`: 201 with the booking, or 409 with the reason and
 * `errors.booking_id`. It applies the same rules (the pure decision of @tickets/booking) and
 * writes what the platform writes (the booking, its lines, the categories' and the event's
 * stock), so the two designs differ only in how they commit. Not part of the platform: started only by the bench.
 *
 *   MYSQL_URL=... JWT_SECRET=... PORT=4000 tsx tools/loadtest/src/baseline/sync-server.ts
 */
import { randomUUID } from 'node:crypto'
import mysql, { type RowDataPacket } from 'mysql2/promise'
import { decideBooking, type CategoryState } from '@tickets/booking'
import { parseMysqlUrl } from '@tickets/db'
import { bookingBodySchema, createBareApp, requireToken, serve, userOf, type BookingBody } from './server-kit.js'

const env = process.env
const HOLD_TTL_SECONDS = Number(env.HOLD_TTL_SECONDS ?? 900)
/**
 * The shortcut a competent engineer would take, as the platform's sold-out fast path does: a
 * plain read of the stock before the transaction, and a sold-out event answered 409 at once with
 * nothing locked or stored. Without it every refusal costs a locked transaction and a row.
 */
const SOLD_OUT_SHORTCUT = env.BASELINE_SOLD_OUT_SHORTCUT === 'true'

const pool = mysql.createPool({ ...(parseMysqlUrl(env.MYSQL_URL!) as mysql.PoolOptions), connectionLimit: Number(env.BASELINE_POOL ?? 16) })
// Times in UTC, as the platform's own connections (created_at defaults to the session clock).
pool.on('connection', (connection) => connection.query("SET time_zone = '+00:00'"))

const app = await createBareApp(env.JWT_SECRET!)

interface EventLocked extends RowDataPacket {
  event_date: Date
  max_tickets_per_user: number | null
}

type CategoryLocked = RowDataPacket & CategoryState

app.post<{ Body: BookingBody }>(
  '/api/bookings',
  { schema: { body: bookingBodySchema }, onRequest: requireToken },
  async (request, reply) => {
    const { event_id, items } = request.body
    const userId = userOf(request)
    const asked = items ? items.reduce((sum, line) => sum + line.quantity, 0) : request.body.quantity!
    if (SOLD_OUT_SHORTCUT) {
      const [stock] = await pool.query<RowDataPacket[]>('SELECT available_tickets FROM events WHERE id = ?', [event_id])
      if (stock[0]?.available_tickets === 0) {
        return reply.code(409).send({ success: false, message: 'Sold out', code: 'SOLD_OUT', errors: { available: 0, requested: asked } })
      }
    }
    const id = randomUUID()
    const connection = await pool.getConnection()
    let decision: ReturnType<typeof decideBooking>
    try {
      await connection.beginTransaction()
      const [events] = await connection.query<EventLocked[]>('SELECT event_date, max_tickets_per_user FROM events WHERE id = ? FOR UPDATE', [event_id])
      const event = events[0]
      // Under the event's lock, as every writer of its categories takes it.
      const [rows] = event
        ? await connection.query<CategoryLocked[]>(
            'SELECT id, name, price, available, max_per_user, sales_start, sales_end FROM ticket_categories WHERE event_id = ? ORDER BY position',
            [event_id],
          )
        : [[] as CategoryLocked[]]
      const categories = new Map(rows.map((row) => [row.id, row]))
      const lines = items ?? (rows[0] ? [{ category_id: rows[0].id, quantity: asked }] : [])
      let alreadyBooked = 0
      if (event && event.max_tickets_per_user !== null) {
        const [held] = await connection.query<RowDataPacket[]>(
          "SELECT COALESCE(SUM(quantity), 0) AS held FROM bookings WHERE event_id = ? AND user_id = ? AND status IN ('pending', 'confirmed')",
          [event_id, userId],
        )
        alreadyBooked = Number(held[0]!.held)
      }
      const inCategory = new Map<string, number>()
      const limited = lines.filter((line) => categories.get(line.category_id)?.max_per_user != null).map((line) => line.category_id)
      if (limited.length > 0) {
        const [held] = await connection.query<RowDataPacket[]>(
          `SELECT i.category_id, SUM(i.quantity) AS held FROM booking_items i JOIN bookings b ON b.id = i.booking_id
           WHERE b.user_id = ? AND b.status IN ('pending', 'confirmed') AND i.category_id IN (?) GROUP BY i.category_id`,
          [userId, limited],
        )
        for (const row of held) inCategory.set(row.category_id as string, Number(row.held))
      }
      decision = decideBooking({
        event,
        categories,
        lines,
        alreadyBooked,
        alreadyInCategory: (categoryId) => inCategory.get(categoryId) ?? 0,
        now: new Date(),
        holdTtlSeconds: HOLD_TTL_SECONDS,
      })
      const quantity = decision.lines.reduce((sum, line) => sum + line.quantity, 0) || asked
      if (decision.status !== 'rejected') {
        for (const line of decision.lines) {
          await connection.query('UPDATE ticket_categories SET available = available - ? WHERE id = ?', [line.quantity, line.category_id])
        }
        await connection.query('UPDATE events SET available_tickets = available_tickets - ? WHERE id = ?', [quantity, event_id])
      }
      const rejection = decision.status === 'rejected' ? decision : null
      await connection.query(
        'INSERT INTO bookings (id, user_id, event_id, quantity, total_price, status, reason, reason_detail, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
        [
          id,
          userId,
          event_id,
          quantity,
          decision.total_price,
          decision.status,
          rejection?.reason ?? null,
          rejection?.detail ? JSON.stringify(rejection.detail) : null,
          decision.status === 'rejected' ? null : decision.expires_at,
        ],
      )
      if (decision.lines.length > 0) {
        await connection.query('INSERT INTO booking_items (booking_id, category_id, name, quantity, unit_price) VALUES ?', [
          decision.lines.map((line) => [id, line.category_id, line.name, line.quantity, line.unit_price]),
        ])
      }
      await connection.commit()
    } catch (error) {
      await connection.rollback().catch(() => undefined)
      throw error
    } finally {
      connection.release()
    }
    const quantity = decision.lines.reduce((sum, line) => sum + line.quantity, 0) || asked
    if (decision.status === 'rejected') {
      return reply.code(409).send({ success: false, message: 'Booking rejected', code: decision.reason, errors: { booking_id: id, reason: decision.reason, ...decision.detail } })
    }
    return reply.code(201).send({ success: true, message: 'Booking created', data: { id, status: decision.status, event_id, quantity, total_price: decision.total_price } })
  },
)

await serve(app, Number(env.PORT ?? 4000), () => pool.end())
