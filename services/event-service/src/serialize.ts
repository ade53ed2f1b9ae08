import type { Category, Event } from '@tickets/contracts'
import type { CategoryRow } from '@tickets/db'
import type { EventWithOrganizer } from './events-repository.js'

/** A category with its waiting list's size (entries still waiting, tickets they ask for). */
export type CategoryWithWaiting = CategoryRow & { waiting: { entries: number; tickets: number } }

export function toCategory(row: CategoryWithWaiting): Category {
  return {
    id: row.id,
    name: row.name,
    price: row.price,
    capacity: row.capacity,
    available: row.available,
    max_per_user: row.max_per_user,
    sales_start: row.sales_start?.toISOString() ?? null,
    sales_end: row.sales_end?.toISOString() ?? null,
    waiting: row.waiting,
  }
}

export function toEvent(row: EventWithOrganizer): Event {
  return {
    id: row.id,
    organizer_id: row.organizer_id,
    organizer: { id: row.organizer_id, name: row.organizer_name, email: row.organizer_email },
    name: row.name,
    description: row.description,
    location: row.location,
    event_date: row.event_date.toISOString(),
    ticket_price: row.ticket_price,
    total_tickets: row.total_tickets,
    available_tickets: row.available_tickets,
    max_tickets_per_user: row.max_tickets_per_user,
    categories: row.categories.map(toCategory),
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  }
}
