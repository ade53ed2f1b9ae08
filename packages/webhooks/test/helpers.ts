export { attemptDelivery, DISABLE_AFTER_MS, relayOutbox } from '../src/index.js'

/** A message id as the outbox makes them (the booking package makes the real ones). */
export const newMessageIdForTest = () => `msg_${crypto.randomUUID().replaceAll('-', '')}`
