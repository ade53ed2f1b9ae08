/** A domain or auth failure that the error handler turns into the API's error envelope. */
export class HttpError extends Error {
  readonly statusCode: number
  readonly code: string
  readonly errors: Record<string, unknown> | unknown[] | undefined
  readonly headers: Record<string, string>

  constructor(
    statusCode: number,
    code: string,
    message: string,
    options: { errors?: Record<string, unknown> | unknown[]; headers?: Record<string, string> } = {},
  ) {
    super(message)
    this.name = 'HttpError'
    this.statusCode = statusCode
    this.code = code
    this.errors = options.errors
    this.headers = options.headers ?? {}
  }
}
