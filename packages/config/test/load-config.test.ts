import { describe, expect, it } from 'vitest'
import Type from 'typebox'
import { adminEnv, ConfigError, commonEnv, DEV_JWT_SECRET, jwtEnv, loadConfig } from '../src/index.js'

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
  it('applies development defaults with NODE_ENV=development', () => {
    const config = loadConfig(Schema, { NODE_ENV: 'development' })
    expect(config.PORT).toBe(3000)
    expect(config.NODE_ENV).toBe('development')
    expect(config.MYSQL_URL).toMatch(/^mysql:\/\//)
    expect(config.REDIS_PREFIX).toBe('tickets')
  })

  it('converts strings to the types the schema asks for', () => {
    const config = loadConfig(Schema, { NODE_ENV: 'development', PORT: '8080', JWT_EXPIRES_IN: '600' })
    expect(config.PORT).toBe(8080)
    expect(config.JWT_EXPIRES_IN).toBe(600)
  })

  it('names every bad variable in one error', () => {
    const error = errorOf(() => loadConfig(Schema, { NODE_ENV: 'development', PORT: 'eighty', MYSQL_URL: 'postgres://x', LOG_LEVEL: 'loud' }))
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
    expect(loadConfig(Schema, { NODE_ENV: 'development', PORT: '' }).PORT).toBe(3000)
  })

  it('refuses a JWT_SECRET shorter than 32 characters in production', () => {
    const error = errorOf(() => loadConfig(Schema, { NODE_ENV: 'production', JWT_SECRET: 'short-secret' }))
    expect(error.issues).toEqual([{ variable: 'JWT_SECRET', message: expect.stringContaining('32') }])
  })

  it('refuses the development JWT_SECRET in production', () => {
    const error = errorOf(() => loadConfig(Schema, { NODE_ENV: 'production' }))
    expect(error.issues[0]?.variable).toBe('JWT_SECRET')
  })

  it('accepts a short JWT_SECRET outside production and a long, varied one in production', () => {
    expect(loadConfig(Schema, { NODE_ENV: 'development', JWT_SECRET: 'short' }).JWT_SECRET).toBe('short')
    const secret = 'q8Vn2xLr7TbK0pWz5mYc9HsJ3dFg6uAe'
    expect(loadConfig(Schema, { NODE_ENV: 'production', JWT_SECRET: secret }).JWT_SECRET).toBe(secret)
    expect(DEV_JWT_SECRET.length).toBeGreaterThanOrEqual(32)
  })

  it('fails closed: NODE_ENV unset is production, so the development defaults are refused', () => {
    const error = errorOf(() => loadConfig(Schema, {}))
    expect(error.issues.map((issue) => issue.variable)).toContain('JWT_SECRET')
  })

  it('refuses predictable secrets in production, naming each variable', () => {
    const Admin = Type.Object({ ...commonEnv, ...jwtEnv, ...adminEnv })
    const error = errorOf(() => loadConfig(Admin, { NODE_ENV: 'production', JWT_SECRET: 'a'.repeat(40), ADMIN_PASSWORD: 'password' }))
    expect(error.issues).toEqual([
      { variable: 'ADMIN_PASSWORD', message: expect.stringContaining('12 characters') },
      { variable: 'JWT_SECRET', message: expect.stringContaining('predictable') },
    ])
    for (const password of ['Password1234', 'administrator', 'aaaaaaaaaaaaaa', 'qwertyuiop12']) {
      const weak = errorOf(() => loadConfig(Admin, { NODE_ENV: 'production', JWT_SECRET: 'q8Vn2xLr7TbK0pWz5mYc9HsJ3dFg6uAe', ADMIN_PASSWORD: password }))
      expect(weak.issues.map((issue) => issue.variable), password).toEqual(['ADMIN_PASSWORD'])
    }
    expect(loadConfig(Admin, { NODE_ENV: 'production', JWT_SECRET: 'q8Vn2xLr7TbK0pWz5mYc9HsJ3dFg6uAe', ADMIN_PASSWORD: 'violet-harbour-lantern-42' }).NODE_ENV).toBe('production')
  })

  it('returns a frozen object so no plugin can change the config at run time', () => {
    const config = loadConfig(Schema, { NODE_ENV: 'development' })
    expect(Object.isFrozen(config)).toBe(true)
  })
})
