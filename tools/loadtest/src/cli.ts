#!/usr/bin/env -S node --import tsx
/**
 * `pnpm loadtest`: a booking burst against a running gateway. `--help` lists the flags.
 * Exit codes: 0 passed; 1 invariant failed, 5xx/network errors, undecided bookings, a missed
 * threshold, or the run could not start; 2 bad flags.
 */
import { writeFileSync } from 'node:fs'
import { formatProgress, formatSummary } from './format.js'
import { renderReport } from './report.js'
import { LoadtestError, runLoadtest, type Progress } from './run.js'
import { parseOptions, USAGE, UsageError } from './options.js'

let options
try {
  options = parseOptions(process.argv.slice(2))
} catch (error) {
  if (!(error instanceof UsageError)) throw error
  process.stderr.write(`loadtest: ${error.message}\nRun "pnpm loadtest --help" for the flags.\n`)
  process.exit(2)
}
if (!options) {
  process.stdout.write(`${USAGE}\n`)
  process.exit(0)
}

// A terminal gets one line rewritten in place; a log file gets a line per phase and every 2 seconds.
const tty = process.stderr.isTTY
let lastLine = Number.NEGATIVE_INFINITY
let lastPhase = ''
const onProgress = (progress: Progress) => {
  const line = formatProgress(progress)
  if (tty) process.stderr.write(`\r\x1b[2K${line}`)
  else if (progress.phase !== lastPhase || progress.elapsedMs - lastLine >= 2_000) {
    lastLine = progress.elapsedMs
    lastPhase = progress.phase
    process.stderr.write(`${line}\n`)
  }
}

try {
  const summary = await runLoadtest(options, options.progress ? { onProgress } : {})
  if (options.progress && tty) process.stderr.write('\r\x1b[2K')
  process.stdout.write(options.json ? `${JSON.stringify(summary, null, 2)}\n` : `${formatSummary(summary)}\n`)
  if (options.report) {
    writeFileSync(options.report, renderReport(summary))
    process.stderr.write(`report written to ${options.report}\n`)
  }
  process.exit(summary.passed ? 0 : 1)
} catch (error) {
  if (options.progress && tty) process.stderr.write('\n')
  process.stderr.write(`loadtest: ${error instanceof LoadtestError ? error.message : (error as Error).stack}\n`)
  process.exit(1)
}
