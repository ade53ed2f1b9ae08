import { describe, expect, it } from 'vitest'
import { createBatcher } from '../src/processors/batcher.js'

/** A commit function that records the batches it was given and lets the test decide when each ends. */
function recorder() {
  const batches: Array<{ key: string; items: number[]; finish: (error?: Error) => void }> = []
  let waiters: Array<() => void> = []
  const commit = (key: string, items: number[]) =>
    new Promise<string[]>((resolve, reject) => {
      batches.push({ key, items, finish: (error) => (error ? reject(error) : resolve(items.map((item) => `${key}:${item}`))) })
      for (const wake of waiters) wake()
      waiters = []
    })
  const nextBatch = async (count: number) => {
    while (batches.length < count) await new Promise<void>((resolve) => waiters.push(resolve))
    return batches[count - 1]!
  }
  return { batches, commit, nextBatch }
}

describe('createBatcher', () => {
  it('commits a batch as soon as it is full, and gives each item its own result', async () => {
    const { batches, commit } = recorder()
    const batcher = createBatcher({ maxSize: 3, waitMs: 60_000, commit })
    const results = [1, 2, 3].map((n) => batcher.submit('a', n))
    expect(batches.map((b) => b.items)).toEqual([[1, 2, 3]])
    batches[0]!.finish()
    expect(await Promise.all(results)).toEqual(['a:1', 'a:2', 'a:3'])
  })

  it('commits a batch that does not fill once its wait is over', async () => {
    const { nextBatch, commit } = recorder()
    const batcher = createBatcher({ maxSize: 100, waitMs: 5, commit })
    const result = batcher.submit('a', 1)
    const batch = await nextBatch(1)
    expect(batch.items).toEqual([1])
    batch.finish()
    expect(await result).toBe('a:1')
  })

  it('keeps one batch per key in flight, forms the next meanwhile and commits it when the first returns', async () => {
    const { batches, nextBatch, commit } = recorder()
    const batcher = createBatcher({ maxSize: 2, waitMs: 60_000, commit })
    const first = [batcher.submit('a', 1), batcher.submit('a', 2)]
    const later = [3, 4, 5, 6, 7].map((n) => batcher.submit('a', n))
    expect(batches).toHaveLength(1)
    expect(batcher.parked).toBe(5)
    batches[0]!.finish()
    await Promise.all(first)
    // The ones that waited go at once (no second wait), still at most maxSize per batch.
    expect((await nextBatch(2)).items).toEqual([3, 4])
    batches[1]!.finish()
    expect((await nextBatch(3)).items).toEqual([5, 6])
    batches[2]!.finish()
    expect((await nextBatch(4)).items).toEqual([7])
    batches[3]!.finish()
    expect(await Promise.all(later)).toEqual(['a:3', 'a:4', 'a:5', 'a:6', 'a:7'])
  })

  it('commits batches of different keys in parallel', async () => {
    const { batches, commit } = recorder()
    const batcher = createBatcher({ maxSize: 1, waitMs: 60_000, commit })
    const results = [batcher.submit('a', 1), batcher.submit('b', 2)]
    expect(batches.map((b) => b.key)).toEqual(['a', 'b'])
    batches.forEach((b) => b.finish())
    expect(await Promise.all(results)).toEqual(['a:1', 'b:2'])
  })

  it('fails every item of a failed batch, and only of that batch', async () => {
    const { batches, nextBatch, commit } = recorder()
    const batcher = createBatcher({ maxSize: 2, waitMs: 60_000, commit })
    const failing = [batcher.submit('a', 1), batcher.submit('a', 2)]
    const next = [batcher.submit('a', 3), batcher.submit('a', 4)]
    batches[0]!.finish(new Error('MySQL went away'))
    for (const result of failing) await expect(result).rejects.toThrow('MySQL went away')
    ;(await nextBatch(2)).finish()
    expect(await Promise.all(next)).toEqual(['a:3', 'a:4'])
  })

  it('on drain, commits what is parked without waiting, and everything submitted after', async () => {
    const { batches, nextBatch, commit } = recorder()
    const batcher = createBatcher({ maxSize: 100, waitMs: 600_000, commit })
    const parked = [batcher.submit('a', 1), batcher.submit('b', 2)]
    expect(batches).toHaveLength(0)
    const drained = batcher.drain()
    expect(batches.map((b) => b.items)).toEqual([[1], [2]])
    const late = batcher.submit('a', 3)
    batches.forEach((b) => b.finish())
    ;(await nextBatch(3)).finish()
    await drained
    expect(await Promise.all([...parked, late])).toEqual(['a:1', 'b:2', 'a:3'])
    expect(batcher.parked).toBe(0)
  })
})
