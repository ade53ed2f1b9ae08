/**
 * Production refuses secrets an attacker would try first. Not a strength meter: a floor that
 * catches the mistakes seen in real deployments (a repeated character, a keyboard walk, a
 * dictionary password, the example from a README).
 */
const COMMON_PASSWORDS = new Set([
  'password', 'password1', 'password123', 'passw0rd', 'p@ssw0rd', 'p@ssword', 'admin', 'admin123', 'admin1234', 'administrator',
  'adminadmin', 'letmein', 'welcome', 'welcome1', 'qwerty', 'qwerty123', 'qwertyuiop', 'azerty', '123456', '12345678', '123456789',
  '1234567890', '111111', '000000', 'abc123', 'iloveyou', 'monkey', 'dragon', 'master', 'sunshine', 'princess', 'football',
  'baseball', 'trustno1', 'changeme', 'change-me', 'changeit', 'secret', 'secret123', 'default', 'root', 'toor', 'test', 'test1234',
  'tickets', 'ticket', 'letmein123', 'superuser', 'guest', 'login',
])

const distinct = (value: string) => new Set(value).size

/** Why this JWT secret is too weak for production, or undefined. */
export function weakJwtSecret(secret: string): string | undefined {
  if (secret.length < 32) return 'must be at least 32 characters when NODE_ENV=production'
  // 32 random base64 characters have ~25 distinct ones; "aaaa...", "abab..." or "1234...9" do not.
  if (distinct(secret) < 12) return 'is too predictable (fewer than 12 different characters); use e.g. `openssl rand -base64 48`'
  return undefined
}

/** Why this administrator password is too weak for production, or undefined. */
export function weakAdminPassword(password: string): string | undefined {
  const lower = password.toLowerCase()
  if (password.length < 12) return 'must be at least 12 characters when NODE_ENV=production'
  const stripped = lower.replace(/[^a-z]/g, '')
  if (COMMON_PASSWORDS.has(lower) || COMMON_PASSWORDS.has(stripped) || COMMON_PASSWORDS.has(lower.replace(/\d+$/, ''))) {
    return 'is a common password; choose another'
  }
  if (distinct(password) < 6) return 'is too predictable (fewer than 6 different characters)'
  return undefined
}
