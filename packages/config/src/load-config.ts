import type { Static, TObject, TSchema } from 'typebox'
import Value from 'typebox/value'
import { DEV_ADMIN_PASSWORD, DEV_JWT_SECRET } from './common-env.js'
import { weakAdminPassword, weakJwtSecret } from './weak-secrets.js'

export interface ConfigIssue {
  variable: string
  message: string
}

/** Thrown when the environment does not satisfy a service's config schema; names every bad variable at once. */
export class ConfigError extends Error {
  readonly issues: ConfigIssue[]

  constructor(issues: ConfigIssue[]) {
    super(
      `Invalid configuration:\n${issues.map((issue) => `  - ${issue.variable}: ${issue.message}`).join('\n')}`,
    )
    this.name = 'ConfigError'
    this.issues = issues
  }
}

type Env = Record<string, string | undefined>

/**
 * Parses the environment once against a typebox schema: unknown variables are dropped,
 * defaults applied, strings converted to the schema's types, then everything checked.
 * Cross-field rules (a strong JWT secret in production) run after the schema passes.
 */
export function loadConfig<T extends TObject>(schema: T, env: Env = process.env): Readonly<Static<T>> {
  // Empty strings mean "unset" (docker compose passes `VAR=` for blanks); let defaults apply.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''))
  const candidate = Value.Convert(schema, Value.Default(schema, Value.Clean(schema, present)))

  const issues = schemaIssues(schema, candidate as Record<string, unknown>)
  if (issues.length === 0) issues.push(...productionRules(candidate as Record<string, unknown>))
  if (issues.length > 0) throw new ConfigError(issues)
  return Object.freeze(candidate) as Readonly<Static<T>>
}

/** Checked one variable at a time, so the error names every bad one rather than the first. */
function schemaIssues(schema: TObject, config: Record<string, unknown>): ConfigIssue[] {
  const required = new Set(schema.required ?? [])
  const issues: ConfigIssue[] = []
  for (const [variable, property] of Object.entries(schema.properties)) {
    const value = config[variable]
    if (value === undefined) {
      if (required.has(variable)) issues.push({ variable, message: 'is required' })
      continue
    }
    // The value itself is never echoed: it may be a secret.
    const [first] = Value.Errors(property, value)
    if (first) issues.push({ variable, message: choices(property) ?? first.message })
  }
  return issues
}

function choices(property: TSchema): string | undefined {
  const options = (property as { anyOf?: { const?: unknown }[] }).anyOf?.map((option) => option.const)
  return options?.every((option) => typeof option === 'string') ? `must be one of ${options.join(', ')}` : undefined
}

/** The secrets production checks: the development default is refused, then anything weak. */
const SECRETS = [
  { variable: 'ADMIN_PASSWORD', development: DEV_ADMIN_PASSWORD, weakness: weakAdminPassword },
  { variable: 'JWT_SECRET', development: DEV_JWT_SECRET, weakness: weakJwtSecret },
] as const

function productionRules(config: Record<string, unknown>): ConfigIssue[] {
  if (config.NODE_ENV !== 'production') return []
  return SECRETS.flatMap(({ variable, development, weakness }) => {
    const value = config[variable]
    if (typeof value !== 'string') return []
    const message = value === development ? 'must be set (the development default is refused when NODE_ENV=production)' : weakness(value)
    return message ? [{ variable, message }] : []
  })
}
