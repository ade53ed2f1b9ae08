export { parseOptions, parseQuantity, UsageError, USAGE, type LoadtestOptions } from './options.js'
export { runLoadtest, LoadtestError, type Progress, type RunHooks } from './run.js'
export { summarize, percentile, type Summary, type Measurements, type Check } from './summary.js'
export { formatSummary, formatProgress, compareTable, formatTable } from './format.js'
