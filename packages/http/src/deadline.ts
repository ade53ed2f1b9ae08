/** How long a dependency may take on a request path before the client gets a 503 instead of a hang. */
const DEFAULT_DEADLINE_MS = 1_000

export async function withDeadline<T>(work: Promise<T>, ms = DEFAULT_DEADLINE_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  try {
    return await Promise.race([
      work,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms)
      }),
    ])
  } finally {
    clearTimeout(timer)
  }
}
