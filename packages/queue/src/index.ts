export { createRedis, type RedisRole, type Redis } from './create-redis.js'
export { createBookingQueue, bookingJobOptions, type BookingQueue } from './booking-queue.js'
