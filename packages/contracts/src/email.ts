/**
 * The one normalisation of an email address, applied wherever one enters (registration, login,
 * user changes, the bootstrap administrator): Unicode NFC, trimmed, lower-cased. The column
 * compares bytes (utf8mb4_bin), so `älice@` is never `alice@`, and `Alice@ ` is.
 */
export function normalizeEmail(email: string): string {
  return email.normalize('NFC').trim().toLowerCase()
}

/**
 * The key login attempts are counted under: the normalised address with its accents and other
 * combining marks removed (NFKD), so `alice@`, `älice@` and `álice@` share one budget instead of
 * each opening a fresh one against the same-looking account.
 */
export function emailLimitKey(email: string): string {
  return normalizeEmail(email).normalize('NFKD').replace(/\p{M}/gu, '')
}
