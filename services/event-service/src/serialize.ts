import type { Event } from '@tickets/contracts'
import type { EventWithOrganizer } from './events-repository.js'

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
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  }
}
