export { loadConfig, ConfigError, type ConfigIssue } from './load-config.js'
export { adminEnv, bookingQueueEnv, offerEnv, offerPolicyOf, webhookEnv, commonEnv, commonEnvSchema, jwtEnv, redisSafetyEnv, internalHostEnv, publicHostEnv, DEV_ADMIN_PASSWORD, DEV_JWT_SECRET, type CommonConfig } from './common-env.js'
