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

interface DemoCategory {
  id: string
  name: string
  price: string
  capacity: number
  max_per_user?: number
}

/** Each event sells two or three kinds of ticket, as organisers' events do. */
const DEMO_EVENTS: Array<{ id: string; name: string; location: string; days: number; limit: number | null; categories: DemoCategory[] }> = [
  {
    id: '00000000-0000-4000-8000-000000000101',
    name: 'Summer Open Air',
    location: 'Riverside Park',
    days: 30,
    limit: 4,
    categories: [
      { id: '00000000-0000-4000-8000-000000000201', name: 'Standing', price: '50000.00', capacity: 400 },
      { id: '00000000-0000-4000-8000-000000000202', name: 'Grandstand', price: '85000.00', capacity: 80 },
      { id: '00000000-0000-4000-8000-000000000203', name: 'VIP', price: '150000.00', capacity: 20, max_per_user: 2 },
    ],
  },
  {
    id: '00000000-0000-4000-8000-000000000102',
    name: 'Jazz Night',
    location: 'Blue Room',
    days: 45,
    limit: 2,
    categories: [
      { id: '00000000-0000-4000-8000-000000000211', name: 'Table', price: '120000.00', capacity: 60 },
      { id: '00000000-0000-4000-8000-000000000212', name: 'Bar stool', price: '90000.00', capacity: 20 },
    ],
  },
  {
    id: '00000000-0000-4000-8000-000000000103',
    name: 'Community Meetup',
    location: 'Library Hall',
    days: 10,
    limit: null,
    categories: [
      { id: '00000000-0000-4000-8000-000000000221', name: 'Free entry', price: '0.00', capacity: 50 },
      { id: '00000000-0000-4000-8000-000000000222', name: 'Supporter', price: '10.00', capacity: 20 },
    ],
  },
]

const sum = (categories: DemoCategory[]) => categories.reduce((total, category) => total + category.capacity, 0)
const lowest = (categories: DemoCategory[]) => categories.map((category) => category.price).sort((a, b) => Number(a) - Number(b))[0]!

export async function seedDevelopmentData(knex: Knex): Promise<string> {
  await knex('users').insert(DEMO_ORGANIZER).onConflict('id').ignore()
  const now = Date.now()
  // The event's stock columns are its categories' sums, as @tickets/booking keeps them.
  await knex('events')
    .insert(
      DEMO_EVENTS.map((event) => ({
        id: event.id,
        organizer_id: DEMO_ORGANIZER.id,
        name: event.name,
        description: null,
        location: event.location,
        event_date: new Date(now + event.days * 86_400_000),
        ticket_price: lowest(event.categories),
        total_tickets: sum(event.categories),
        available_tickets: sum(event.categories),
        max_tickets_per_user: event.limit,
      })),
    )
    .onConflict('id')
    .ignore()
  await knex('ticket_categories')
    .insert(
      DEMO_EVENTS.flatMap((event) =>
        event.categories.map((category, position) => ({
          id: category.id,
          event_id: event.id,
          position,
          name: category.name,
          price: category.price,
          capacity: category.capacity,
          available: category.capacity,
          max_per_user: category.max_per_user ?? null,
        })),
      ),
    )
    .onConflict('id')
    .ignore()
  return `seeded ${DEMO_EVENTS.length} events with ${DEMO_EVENTS.flatMap((event) => event.categories).length} ticket categories, organised by ${DEMO_ORGANIZER.email}`
}
