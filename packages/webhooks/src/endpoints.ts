import { randomUUID } from 'node:crypto'
import type { CreateWebhookBody, UpdateWebhookBody, WebhookDelivery, WebhookEndpoint, WebhookEventType } from '@tickets/contracts'
import type { Knex, WebhookDeliveryRow, WebhookEndpointRow } from '@tickets/db'
import { newSecret } from './signature.js'
import { checkTarget, type Resolve } from './target-guard.js'

/** How long the secret a rotation replaced is still signed with, so receivers can switch without losing a message. */
export const ROTATION_OVERLAP_MS = 24 * 3600 * 1000

export class WebhookError extends Error {
  constructor(
    readonly code: 'WEBHOOK_NOT_FOUND' | 'DELIVERY_NOT_FOUND',
    message: string,
  ) {
    super(message)
    this.name = 'WebhookError'
  }
}

export function toEndpoint(row: WebhookEndpointRow): WebhookEndpoint {
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    events: JSON.parse(row.events) as WebhookEventType[],
    enabled: Boolean(row.enabled),
    disabled_reason: row.disabled_reason,
    failing_since: row.failing_since?.toISOString() ?? null,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  }
}

export function toDelivery(row: WebhookDeliveryRow): WebhookDelivery {
  return {
    id: row.id,
    message_id: row.message_id,
    type: row.type as WebhookEventType,
    attempt: row.attempt,
    status_code: row.status_code,
    duration_ms: row.duration_ms,
    error: row.error,
    created_at: row.created_at.toISOString(),
  }
}

export interface EndpointsOptions {
  /** WEBHOOK_ALLOW_PRIVATE: private and loopback targets and plain http allowed (tests, on-premises). */
  allowPrivate: boolean
  resolve?: Resolve
}

/** The webhook endpoints and their delivery logs (an administrator's API). */
export function createWebhookEndpoints(knex: Knex, { allowPrivate, resolve }: EndpointsOptions) {
  const find = async (id: string): Promise<WebhookEndpointRow> => {
    const row = await knex('webhook_endpoints').where({ id }).first()
    if (!row) throw new WebhookError('WEBHOOK_NOT_FOUND', 'Webhook endpoint not found')
    return row
  }
  const check = (url: string) => checkTarget(url, { allowPrivate, ...(resolve ? { resolve } : {}) })

  return {
    /** Registers an endpoint; the answer carries its secret, which is never shown again. */
    async create(body: CreateWebhookBody, createdBy: string): Promise<WebhookEndpoint & { secret: string }> {
      await check(body.url)
      const id = randomUUID()
      const secret = newSecret()
      await knex('webhook_endpoints').insert({ id, url: body.url, description: body.description ?? null, events: JSON.stringify(body.events), secret, created_by: createdBy })
      return { ...toEndpoint(await find(id)), secret }
    },

    list: async (): Promise<WebhookEndpoint[]> => (await knex('webhook_endpoints').orderBy([{ column: 'created_at' }, { column: 'id' }])).map(toEndpoint),

    get: async (id: string): Promise<WebhookEndpoint> => toEndpoint(await find(id)),

    /** `enabled: true` turns it on again and forgets why it was disabled and since when it failed. */
    async update(id: string, changes: UpdateWebhookBody): Promise<WebhookEndpoint> {
      await find(id)
      if (changes.url !== undefined) await check(changes.url)
      const update: Partial<WebhookEndpointRow> = {}
      if (changes.url !== undefined) update.url = changes.url
      if (changes.events !== undefined) update.events = JSON.stringify(changes.events)
      if (changes.description !== undefined) update.description = changes.description
      if (changes.enabled !== undefined) Object.assign(update, { enabled: changes.enabled, disabled_reason: null, failing_since: null })
      await knex('webhook_endpoints').where({ id }).update(update)
      return toEndpoint(await find(id))
    },

    /** Deletes it with its delivery log; messages on their way to it are dropped at their next attempt. */
    async remove(id: string): Promise<void> {
      await find(id)
      await knex('webhook_endpoints').where({ id }).delete()
    },

    /** A new secret; the old one is still signed with (a second signature) for ROTATION_OVERLAP_MS. */
    async rotate(id: string): Promise<{ secret: string; previous_secret_expires_at: string }> {
      const row = await find(id)
      const secret = newSecret()
      const expires = new Date(Date.now() + ROTATION_OVERLAP_MS)
      await knex('webhook_endpoints').where({ id }).update({ secret, previous_secret: row.secret, previous_secret_expires_at: expires })
      return { secret, previous_secret_expires_at: expires.toISOString() }
    },

    /** Its delivery attempts, newest first. */
    async deliveries(id: string, page: number, limit: number): Promise<{ rows: WebhookDelivery[]; total: number }> {
      await find(id)
      const [rows, [count]] = await Promise.all([
        knex('webhook_deliveries').where({ endpoint_id: id }).orderBy('seq', 'desc').limit(limit).offset((page - 1) * limit),
        knex('webhook_deliveries').where({ endpoint_id: id }).count<Array<{ n: number }>>({ n: '*' }),
      ])
      return { rows: rows.map(toDelivery), total: Number(count?.n ?? 0) }
    },

    /** The message a delivery attempt carried, for a replay: 404 when the attempt is not this endpoint's or its message was pruned. */
    async deliveryMessage(id: string, deliveryId: string): Promise<{ endpoint_id: string; message_id: string }> {
      await find(id)
      const delivery = await knex('webhook_deliveries').where({ id: deliveryId, endpoint_id: id }).first('message_id')
      const message = delivery && (await knex('outbox_events').where({ id: delivery.message_id }).first('id'))
      if (!delivery || !message) throw new WebhookError('DELIVERY_NOT_FOUND', 'Delivery not found (or its message is older than the retention)')
      return { endpoint_id: id, message_id: delivery.message_id }
    },
  }
}

export type WebhookEndpoints = ReturnType<typeof createWebhookEndpoints>
