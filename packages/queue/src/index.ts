export { createRedis, type RedisRole, type Redis } from './create-redis.js'
export { createBookingQueue, createExpiryQueue, bookingJobOptions, bookingCounterKeys, type BookingQueue, type ExpiryQueue } from './booking-queue.js'
export { checkRedisDurability, UnsafeRedisError, type RedisDurability, type RedisSafetyConfig } from './redis-durability.js'
