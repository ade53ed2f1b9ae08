import { LogController, type FastifyReply, type FastifyRequest } from 'fastify'

export interface RequestLogOptions {
  /** Requests slower than this are logged at warn. */
  slowMs: number
  /** Share of the other requests logged at info (0..1). */
  sampleRate: number
}

/**
 * One line per request worth reading, in place of Fastify's "incoming request" / "request
 * completed" pair for every request (which cost about a third of the booking intake's throughput):
 * every 5xx or reply error (error; a 503, a dependency away, at warn), every request slower than `slowMs` (warn), every request at
 * `debug`, and a `sampleRate` share of the rest at info. The line carries the request, so the
 * incoming one is not needed. Routes' own `logLevel` still applies (health and metrics: warn).
 */
export class RequestLog extends LogController {
  constructor(private readonly options: RequestLogOptions) {
    super()
  }

  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    const responseTime = reply.elapsedTime
    const line = { req: request, res: reply, responseTime }
    const level = request.log.level
    // A 503 is a dependency away (an operational state, logged where it is detected), not a bug.
    if (reply.statusCode === 503 && !error) request.log.warn(line, 'request completed')
    else if (error || reply.statusCode >= 500) request.log.error(error ? { ...line, err: error } : line, 'request completed')
    else if (responseTime >= this.options.slowMs) request.log.warn(line, 'slow request')
    else if (level === 'debug' || level === 'trace') request.log.debug(line, 'request completed')
    else if (this.options.sampleRate > 0 && Math.random() < this.options.sampleRate) request.log.info({ ...line, sampled: true }, 'request completed')
  }
}
