import { Gauge, type Registry } from 'prom-client'

/** What the waiting lists look like, read at scrape time (see @tickets/booking waitlistFigures). */
export interface WaitlistFigures {
  /** Per event with entries still waiting: how many, and the tickets they ask for. */
  waiting: Array<{ event_id: string; entries: number; tickets: number }>
  /** Offers ever made, by how they stand: open (unpaid), taken (paid), expired (ran out, cancelled or given up). */
  offers: { open: number; taken: number; expired: number }
}

/**
 * `tickets_waitlist_waiting_entries{event_id}` and `tickets_waitlist_waiting_tickets{event_id}`
 * (events with a list only), and `tickets_waitlist_offers{outcome}`, from one read of the database
 * per scrape: the lists are the database's, whichever process made an offer.
 */
export function registerWaitlistGauges(registry: Registry, read: () => Promise<WaitlistFigures>): void {
  // prom-client collects every metric of a scrape at once: the three share one read.
  let pending: Promise<WaitlistFigures> | undefined
  const figures = () => (pending ??= read().finally(() => setImmediate(() => (pending = undefined))))
  const perEvent = (name: string, help: string, field: 'entries' | 'tickets') =>
    new Gauge({
      name,
      help,
      labelNames: ['event_id'],
      registers: [registry],
      async collect() {
        const { waiting } = await figures()
        this.reset()
        for (const row of waiting) this.set({ event_id: row.event_id }, row[field])
      },
    })
  perEvent('tickets_waitlist_waiting_entries', 'Waiting-list entries still waiting, per event', 'entries')
  perEvent('tickets_waitlist_waiting_tickets', 'Tickets asked for by waiting-list entries still waiting, per event', 'tickets')
  new Gauge({
    name: 'tickets_waitlist_offers',
    help: 'Waiting-list offers ever made, by outcome: open (pending, unpaid), taken (paid), expired (ran out, cancelled or given up)',
    labelNames: ['outcome'],
    registers: [registry],
    async collect() {
      const { offers } = await figures()
      for (const [outcome, n] of Object.entries(offers)) this.set({ outcome }, n)
    },
  })
}
