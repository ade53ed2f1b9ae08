import { describe, expect, it } from 'vitest'
import { parseOptions, parseQuantity, UsageError } from '../src/options.js'

const parse = (...argv: string[]) => parseOptions(argv, {})

describe('loadtest flags', () => {
  it('has defaults that make a small burst against localhost', () => {
    expect(parse()).toMatchObject({
      base: 'http://localhost:3000',
      adminEmail: 'admin@example.com',
      events: 1,
      tickets: 100,
      price: 50,
      limit: 4,
      users: 50,
      requests: 500,
      quantity: { min: 1, max: 1 },
      concurrency: 50,
      seed: 1,
      json: false,
      progress: true,
    })
  })

  it('takes several gateways: set-up goes to the first, booking requests to all of them, balanced as --balance says', () => {
    const options = parse('--base', 'http://127.0.0.1:3000,http://127.0.0.1:3001/')
    expect(options).toMatchObject({ base: 'http://127.0.0.1:3000', bookingBase: ['http://127.0.0.1:3000', 'http://127.0.0.1:3001'] })
    // The client's default (least-outstanding) unless asked.
    expect(options).not.toHaveProperty('balance')
    expect(parse('--base', 'http://127.0.0.1:3000')).not.toHaveProperty('bookingBase')
    expect(parse('--balance', 'round-robin')).toMatchObject({ balance: 'round-robin' })
    expect(parse('--balance', 'least-outstanding')).toMatchObject({ balance: 'least-outstanding' })
    expect(() => parse('--balance', 'random')).toThrow(/--balance must be round-robin or least-outstanding/)
  })

  it('reads every flag', () => {
    const options = parse(
      '--base', 'http://gw:8080/', '--admin-email', 'ops@example.com', '--admin-password', 'pw', '--tickets', '1000',
      '--categories', '4', '--price', '0', '--limit', 'none', '--users', '200', '--user-prefix', 'run-7', '--requests', '10000',
      '--quantity', '1-4', '--concurrency', '100', '--seed', '42', '--drain-timeout', '30', '--json', '--no-progress',
    )
    expect(options).toEqual({
      base: 'http://gw:8080',
      adminEmail: 'ops@example.com',
      adminPassword: 'pw',
      events: 1,
      tickets: 1000,
      categories: 4,
      price: 0,
      limit: null,
      users: 200,
      userPrefix: 'run-7',
      requests: 10000,
      quantity: { min: 1, max: 4 },
      concurrency: 100,
      seed: 42,
      drainTimeout: 30,
      json: true,
      progress: false,
    })
  })

  it('takes admin credentials from the environment when no flag is given', () => {
    expect(parseOptions([], { ADMIN_EMAIL: 'a@b.example', ADMIN_PASSWORD: 'secret' })).toMatchObject({ adminEmail: 'a@b.example', adminPassword: 'secret' })
  })

  it('answers --help with null (the CLI prints the usage)', () => {
    expect(parse('--help')).toBeNull()
    expect(parse('-h')).toBeNull()
  })

  it.each([
    [['--requests', '0'], /--requests must be a whole number from 1/],
    [['--requests', 'lots'], /--requests must be a whole number from 1 to .*got "lots"/],
    [['--concurrency', '-5'], /--concurrency/],
    [['--users', '2.5'], /--users must be a whole number/],
    [['--quantity', '4-1'], /--quantity must be a number or a range like 1-4/],
    [['--quantity', '0'], /--quantity/],
    [['--quantity', '1-101'], /within 1\.\.100/],
    [['--price=-1'], /--price must be an amount/],
    [['--price', '1.234'], /--price must be an amount/],
    [['--limit', '0'], /--limit must be a whole number from 1 to 100/],
    [['--base', 'not a url'], /--base must be a URL/],
    [['--base', 'ftp://x'], /--base must be http or https/],
    [['--user-prefix', 'Bad Name'], /--user-prefix may use/],
    [['--seed', 'x'], /--seed must be a whole number/],
    [['--bogus'], /Unknown option '--bogus'/],
    [['--requests'], /--requests.*argument missing/],
    [['extra'], /unexpected argument "extra"/],
  ])('rejects %j with a message naming the flag', (argv, message) => {
    expect(() => parse(...argv)).toThrow(UsageError)
    expect(() => parse(...argv)).toThrow(message)
  })

  it('takes --categories within 1..20 and at most one per ticket, with lines of at most 33', () => {
    expect(parse()!.categories).toBe(1)
    expect(parse('--categories', '3', '--quantity', '1-4')!.categories).toBe(3)
    expect(() => parse('--categories', '21')).toThrow(UsageError)
    expect(() => parse('--categories', '5', '--tickets', '4')).toThrow(/cannot exceed --tickets/)
    expect(() => parse('--categories', '2', '--quantity', '34')).toThrow(/at most 33/)
  })

  it('takes --follow poll or sse, and nothing else', () => {
    expect(parse('--follow', 'sse')?.follow).toBe('sse')
    expect(parse('--follow', 'poll')?.follow).toBe('poll')
    expect(parse()?.follow).toBeUndefined()
    expect(() => parse('--follow', 'websocket')).toThrow(/--follow must be poll or sse/)
  })

  it('parses a fixed quantity and a range', () => {
    expect(parseQuantity('3')).toEqual({ min: 3, max: 3 })
    expect(parseQuantity('2-5')).toEqual({ min: 2, max: 5 })
  })

  it('defaults --base to the configured PORT, like the gateway', () => {
    expect(parseOptions([], { PORT: '4100' })?.base).toBe('http://localhost:4100')
    expect(parseOptions([], {})?.base).toBe('http://localhost:3000')
  })

  it('turns --rate and --duration into an open-loop run of rate x duration requests', () => {
    expect(parseOptions(['--rate', '50', '--duration', '10'], {})).toMatchObject({ requests: 500, openLoop: { rate: 50, duration: 10 } })
    expect(parseOptions(['--max-p99-ms', '250', '--min-decisions-per-second', '100'], {})?.thresholds).toEqual({ maxP99Ms: 250, minDecisionsPerSecond: 100 })
  })
})
