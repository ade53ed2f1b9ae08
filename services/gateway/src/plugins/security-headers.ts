/**
 * The security headers on every answer: helmet 8's defaults, written down once instead of running
 * helmet's Express middleware against a fake response object. Nothing here varies per request (no
 * CSP nonces: Swagger UI and Bull Board load only their own scripts, which `script-src 'self'`
 * allows), so a constant is both the cheapest form and the one a reviewer can read.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': [
    "default-src 'self'",
    "base-uri 'self'",
    "font-src 'self' https: data:",
    "form-action 'self'",
    "frame-ancestors 'self'",
    "img-src 'self' data:",
    "object-src 'none'",
    "script-src 'self'",
    "script-src-attr 'none'",
    "style-src 'self' https: 'unsafe-inline'",
    'upgrade-insecure-requests',
  ].join(';'),
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'origin-agent-cluster': '?1',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-dns-prefetch-control': 'off',
  'x-download-options': 'noopen',
  'x-frame-options': 'SAMEORIGIN',
  'x-permitted-cross-domain-policies': 'none',
  // Off on purpose: the old XSS auditor is gone from browsers and could be abused where present.
  'x-xss-protection': '0',
}

/** Only on answers that came over HTTPS: over plain HTTP browsers ignore it, and it says nothing true. */
export const HSTS = 'max-age=31536000; includeSubDomains'
