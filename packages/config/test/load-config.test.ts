import { describe, expect, it } from 'vitest'
import Type from 'typebox'
import { ConfigError, commonEnv, DEV_JWT_SECRET, jwtEnv, loadConfig } from '../src/index.js'

const Schema = Type.Object({
  ...commonEnv,
  ...jwtEnv,
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3000 }),
})

function errorOf(fn: () => unknown): ConfigError {
  try {
    fn()
  } catch (error) {
    if (error instanceof ConfigError) return error
    throw error
  }
  throw new Error('expected a ConfigError')
}

describe('loadConfig', () => {
  it('applies development defaults to an empty environment', () => {
    const config = loadConfig(Schema, {})
    expect(config.PORT).toBe(3000)
    expect(config.NODE_ENV).toBe('development')
    expect(config.MYSQL_URL).toMatch(/^mysql:\/\//)
    expect(config.REDIS_PREFIX).toBe('tickets')
  })

  it('converts strings to the types the schema asks for', () => {
    const config = loadConfig(Schema, { PORT: '8080', JWT_EXPIRES_IN: '600' })
    expect(config.PORT).toBe(8080)
    expect(config.JWT_EXPIRES_IN).toBe(600)
  })

  it('names every bad variable in one error', () => {
    const error = errorOf(() => loadConfig(Schema, { PORT: 'eighty', MYSQL_URL: 'postgres://x', LOG_LEVEL: 'loud' }))
    expect(error.issues.map((issue) => issue.variable).sort()).toEqual(['LOG_LEVEL', 'MYSQL_URL', 'PORT'])
    expect(error.message).toContain('PORT')
    expect(error.message).toContain('MYSQL_URL')
  })

  it('names a missing required variable', () => {
    const Required = Type.Object({ ADMIN_EMAIL: Type.String() })
    const error = errorOf(() => loadConfig(Required, {}))
    expect(error.issues[0]?.variable).toBe('ADMIN_EMAIL')
  })

  it('treats an empty string as unset so the default applies', () => {
    expect(loadConfig(Schema, { PORT: '' }).PORT).toBe(3000)
  })

  it('refuses a JWT_SECRET shorter than 32 characters in production', () => {
    const error = errorOf(() => loadConfig(Schema, { NODE_ENV: 'production', JWT_SECRET: 'short-secret' }))
    expect(error.issues).toEqual([{ variable: 'JWT_SECRET', message: expect.stringContaining('32') }])
  })

  it('refuses the development JWT_SECRET in production', () => {
    const error = errorOf(() => loadConfig(Schema, { NODE_ENV: 'production' }))
    expect(error.issues[0]?.variable).toBe('JWT_SECRET')
  })

  it('accepts a short JWT_SECRET outside production and a long one in production', () => {
    expect(loadConfig(Schema, { JWT_SECRET: 'short' }).JWT_SECRET).toBe('short')
    const secret = 'x'.repeat(32)
    expect(loadConfig(Schema, { NODE_ENV: 'production', JWT_SECRET: secret }).JWT_SECRET).toBe(secret)
    expect(DEV_JWT_SECRET.length).toBeGreaterThanOrEqual(32)
  })

  it('returns a frozen object so no plugin can change the config at run time', () => {
    const config = loadConfig(Schema, {})
    expect(Object.isFrozen(config)).toBe(true)
  })
})
