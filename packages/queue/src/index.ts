export { createRedis, type CreateRedisOptions, isCluster, parseClusterNodes, pingRedis, serversOf, whenReady, Cluster, Redis, type RedisClient, type RedisRole, type RedisTarget } from './create-redis.js'
export {
  bookingCounterKeys,
  bookingJobOptions,
  bookingQueueRef,
  createBookingQueue,
  createExpiryQueue,
  createWebhookQueue,
  expiryQueueRef,
  webhookQueueRef,
  bookingChangesChannel,
  queuedByEventKey,
  type BookingQueue,
  type BookingQueueRef,
  type ExpiryQueue,
  type WebhookQueue,
  type QueueRef,
} from './booking-queue.js'
export { bookingQueueRefs, createBookingShards, type BookingShards, type BookingShardsConfig, type FoundBooking } from './booking-shards.js'
export { eventIdOnShard, hashTagFor, leastLoadedShard, queuePrefix, shardOf } from './queue-keys.js'
export { checkRedisDurability, UnsafeRedisError, type RedisDurability, type RedisSafetyConfig } from './redis-durability.js'
export { createSoldOutRecords, type SoldOutRecords, type SoldOutRecordsOptions } from './sold-out-records.js'
export { redisPlugin } from './redis-plugin.js'
export { bookingWorkersKey, createShardAssignment, shardsOf, type ShardAssignmentOptions } from './shard-assignment.js'
export { createBookingBundler, type BookingBundler, type BookingBundlerOptions } from './booking-bundler.js'
