export interface BatcherOptions<T, R> {
  /** A batch is committed as soon as it holds this many items. */
  maxSize: number
  /** ...or this long after its first item arrived, whichever comes first. */
  waitMs: number
  /** Commits one batch of one key; returns one result per item, in order. */
  commit: (key: string, items: T[]) => Promise<R[]>
}

interface Parked<T, R> {
  item: T
  resolve: (result: R) => void
  reject: (error: unknown) => void
}

interface Group<T, R> {
  parked: Array<Parked<T, R>>
  timer: NodeJS.Timeout | null
  inFlight: Promise<void> | null
}

/**
 * Group commit in the worker's memory. Open-source BullMQ hands one job per processor call, so
 * each call parks its item here under its key (the worker uses a lane: events hashed over
 * BATCH_LANES, so one batch holds many events' jobs) and awaits its own result:
 *
 * - a key's batch is committed when it reaches `maxSize`, or `waitMs` after its first item;
 * - at most one batch per key is in flight: the next one forms while the previous commits, and is
 *   committed the moment it returns (those items already waited);
 * - batches of different keys commit in parallel (bounded by the database pool);
 * - a failed commit rejects every item of that batch, and only of that batch.
 */
export function createBatcher<T, R>({ maxSize, waitMs, commit }: BatcherOptions<T, R>) {
  const groups = new Map<string, Group<T, R>>()
  let closing = false

  const flush = (key: string, group: Group<T, R>) => {
    if (group.timer) clearTimeout(group.timer)
    group.timer = null
    if (group.inFlight || group.parked.length === 0) return
    const batch = group.parked.splice(0, maxSize)
    let committed: Promise<R[]>
    try {
      committed = commit(key, batch.map((parked) => parked.item))
    } catch (error) {
      committed = Promise.reject(error)
    }
    group.inFlight = committed
      .then(
        (results) => batch.forEach((parked, i) => parked.resolve(results[i]!)),
        (error: unknown) => batch.forEach((parked) => parked.reject(error)),
      )
      .finally(() => {
        group.inFlight = null
        if (group.parked.length > 0) flush(key, group)
        else if (!group.timer) groups.delete(key)
      })
  }

  const schedule = (key: string, group: Group<T, R>) => {
    if (group.inFlight) return
    if (closing || group.parked.length >= maxSize) flush(key, group)
    else group.timer ??= setTimeout(() => flush(key, group), waitMs)
  }

  return {
    /** Parks `item` in its key's next batch; resolves with its own result once that batch commits. */
    submit(key: string, item: T): Promise<R> {
      return new Promise<R>((resolve, reject) => {
        let group = groups.get(key)
        if (!group) groups.set(key, (group = { parked: [], timer: null, inFlight: null }))
        group.parked.push({ item, resolve, reject })
        schedule(key, group)
      })
    },

    /** Items waiting for a batch, across keys (for metrics and tests). */
    get parked(): number {
      let count = 0
      for (const group of groups.values()) count += group.parked.length
      return count
    },

    /**
     * Stops waiting for batches to fill: everything parked is committed now, and so is anything
     * submitted from here on. Resolves when no batch is parked or in flight.
     */
    async drain(): Promise<void> {
      closing = true
      while (groups.size > 0) {
        for (const [key, group] of groups) {
          flush(key, group)
          if (!group.inFlight) groups.delete(key)
        }
        await Promise.all([...groups.values()].map((group) => group.inFlight))
      }
    },
  }
}

type Batcher<T, R> = ReturnType<typeof createBatcher<T, R>>
