import { afterAll } from 'vitest'
import { killTracked } from './processes.js'

// vitest setupFiles: after a file's own hooks, kill whatever it started and did not stop (a test
// that timed out before its cleanup, a hook that threw). vitest does not cancel a timed-out test.
afterAll(() => {
  const killed = killTracked()
  if (killed > 0) console.warn(`killed ${killed} process(es) this test file left running`)
})
