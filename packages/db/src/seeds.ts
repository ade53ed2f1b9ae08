import type { Knex } from 'knex'

/** Fixed ids so that seeding twice changes nothing. */
const DEMO_ORGANIZER = {
  id: '00000000-0000-4000-8000-000000000001',
  name: 'Demo Organizer',
  email: 'organizer@example.com',
  // bcrypt (cost 10) of "demo-password"; development data only.
  password_hash: '$2b$10$EBKosa1L2efkXD5VoQ4/ze4ty6qrHdeqeiPvBg7qCwkaBl9P6eVne',
  role: 'user' as const,
}

const DEMO_EVENTS = [
  { id: '00000000-0000-4000-8000-000000000101', name: 'Summer Open Air', location: 'Riverside Park', days: 30, price: '50000.00', total: 500, limit: 4 },
  { id: '00000000-0000-4000-8000-000000000102', name: 'Jazz Night', location: 'Blue Room', days: 45, price: '120000.00', total: 80, limit: 2 },
  { id: '00000000-0000-4000-8000-000000000103', name: 'Community Meetup', location: 'Library Hall', days: 10, price: '0.00', total: 50, limit: null },
]

export async function seedDevelopmentData(knex: Knex): Promise<string> {
  await knex('users').insert(DEMO_ORGANIZER).onConflict('id').ignore()
  const now = Date.now()
  await knex('events')
    .insert(
      DEMO_EVENTS.map((event) => ({
        id: event.id,
        organizer_id: DEMO_ORGANIZER.id,
        name: event.name,
        description: null,
        location: event.location,
        event_date: new Date(now + event.days * 86_400_000),
        ticket_price: event.price,
        total_tickets: event.total,
        available_tickets: event.total,
        max_tickets_per_user: event.limit,
      })),
    )
    .onConflict('id')
    .ignore()
  return `seeded ${DEMO_EVENTS.length} events organised by ${DEMO_ORGANIZER.email}`
}
