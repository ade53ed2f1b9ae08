export { loadConfig, ConfigError, type ConfigIssue } from './load-config.js'
export { commonEnv, commonEnvSchema, jwtEnv, DEV_JWT_SECRET, type CommonConfig } from './common-env.js'
