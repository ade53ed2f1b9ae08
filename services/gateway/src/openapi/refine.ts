import { CODES, ERROR_DESCRIPTIONS, HEADERS, NOT_FOUND_BY_RESOURCE, OPERATIONS } from './operations.js'

type Json = Record<string, unknown>
type Operation = {
  operationId?: string
  security?: unknown[]
  parameters?: Array<{ in: string; required?: boolean; schema?: { default?: unknown } }>
  responses: Record<string, Json>
}

/**
 * Adds to the generated document what route schemas cannot say: each error status an operation
 * can answer, with its codes (a route schema has one `4XX` envelope for all), response headers,
 * `additionalProperties: false` on answers (the serializer drops undeclared fields), query
 * parameters with defaults as optional, one enum for a union of literals, and a server. What the
 * route schemas can say they say themselves: operationId, security, summaries, every body and
 * answer, and the named components, by reference (openapi/components.ts).
 */
export function refineDocument(document: Json): Json {
  const doc = structuredClone(document) as Json & { paths: Record<string, Record<string, Operation>>; components?: Json }
  // Relative: the gateway that serves this document (http://localhost:3000 under `pnpm start`).
  doc.servers = [{ url: '/', description: 'The gateway serving this document' }]

  for (const [path, operations] of Object.entries(doc.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      const key = `${method.toUpperCase()} ${path}`
      const notes = OPERATIONS[key]
      if (!notes) throw new Error(`openapi: ${key} has no entry in services/gateway/src/openapi/operations.ts`)
      // Said by every route schema itself: a route without them is a mistake, caught here.
      if (!operation.operationId || !operation.security) throw new Error(`openapi: ${key} needs an operationId and a security requirement in its route schema`)
      const secured = operation.security.length > 0
      for (const parameter of operation.parameters ?? []) {
        if (parameter.in === 'query' && parameter.schema?.default !== undefined) parameter.required = false
      }

      const { '4XX': _client, '5XX': _server, ...success } = operation.responses
      for (const [status, response] of Object.entries(success)) {
        if (response.description === 'Default Response') response.description = SUCCESS[status] ?? 'OK'
        const names = notes.headers?.[Number(status)]
        if (names) response.headers = Object.fromEntries(names.map((name) => [name, HEADERS[name]]))
      }
      // What any request can meet before its route runs: headers over 16 KB (431); a path segment
      // over 100 characters, which only an operation with a path parameter can be sent (414); a body
      // that is not JSON on a method that parses one, even where the operation takes none (415).
      const edge = [431, ...(path.includes('{') ? [414] : []), ...(['post', 'put', 'patch', 'delete'].includes(method) ? [415] : [])]
      const statuses = new Set([...notes.errors, ...(secured ? [401] : []), ...edge, 500, 503])
      const errors = [...statuses].sort((a, b) => a - b).map((status) => [
        String(status),
        {
          description: ERROR_DESCRIPTIONS[status] ?? 'Error',
          ...(status === 429 || status === 503 ? { headers: { 'Retry-After': HEADERS['Retry-After'] } } : {}),
          content: { 'application/json': { schema: errorSchema(codesOf(status, path, notes.codes)) } },
        },
      ])
      operation.responses = { ...success, ...Object.fromEntries(errors) }
    }
  }

  // Answers pass through their response schema, which drops any field it does not declare: say so,
  // so a strict client may refuse anything else (the Prism test checks every answer against it).
  for (const operations of Object.values(doc.paths)) {
    for (const operation of Object.values(operations)) {
      for (const response of Object.values(operation.responses)) {
        const content = (response as { content?: Record<string, { schema?: unknown }> }).content
        for (const media of Object.values(content ?? {})) closeObjects(media.schema)
      }
    }
  }
  closeObjects((doc.components as { schemas?: unknown } | undefined)?.schemas)
  return mergeLiteralUnions(doc) as Json
}

/** The error envelope with `code` narrowed to what this operation answers for this status. */
function errorSchema(codes: string[]): Json {
  return {
    allOf: [{ $ref: '#/components/schemas/Error' }, { type: 'object', required: ['code'], properties: { code: { type: 'string', enum: codes } } }],
  }
}

function codesOf(status: number, path: string, specific: Record<number, string[]> | undefined): string[] {
  if (specific?.[status]) return specific[status]!
  if (status === 404) {
    const resource = /^\/api\/([a-z]+)/.exec(path)?.[1] ?? ''
    return [NOT_FOUND_BY_RESOURCE[resource] ?? 'ROUTE_NOT_FOUND']
  }
  const codes = CODES[status]
  if (!codes || codes.length === 0) throw new Error(`openapi: ${path} answers ${status} without naming its codes (operations.ts)`)
  return codes
}

const SUCCESS: Record<string, string> = { '200': 'OK', '201': 'Created', '202': 'Accepted: queued, poll the Location' }

/** `additionalProperties: false` on every object schema with declared properties, nested ones too. */
function closeObjects(schema: unknown): void {
  if (Array.isArray(schema)) return schema.forEach(closeObjects)
  if (!schema || typeof schema !== 'object') return
  const node = schema as Json
  if (node.type === 'object' && node.properties && node.additionalProperties === undefined) node.additionalProperties = false
  for (const value of Object.values(node)) closeObjects(value)
}

/** `anyOf` of one-value string enums (typebox's union of literals) becomes one enum: what clients expect. */
function mergeLiteralUnions(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(mergeLiteralUnions)
  if (!value || typeof value !== 'object') return value
  const node = Object.fromEntries(Object.entries(value).map(([key, item]) => [key, mergeLiteralUnions(item)])) as Json
  const members = node.anyOf as Json[] | undefined
  if (members && members.length > 1 && members.every((m) => m.type === 'string' && Array.isArray(m.enum) && Object.keys(m).length === 2)) {
    const { anyOf: _anyOf, ...rest } = node
    return { ...rest, type: 'string', enum: members.flatMap((m) => m.enum as unknown[]) }
  }
  return node
}
