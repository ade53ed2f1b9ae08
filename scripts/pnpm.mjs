#!/usr/bin/env node
/**
 * Runs the repository's pinned pnpm (`packageManager` in package.json) with the given arguments:
 * the pnpm on PATH when it has the same major version, otherwise `npx --yes pnpm@<pinned>` (npm
 * ships with Node, and caches the download). So `npm start` and `npm test` work on a machine with
 * only Node.js. Plain JavaScript on purpose: it runs before any dependency is installed.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'

const pinned = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).packageManager.replace(/^pnpm@/, '')
const major = pinned.split('.')[0]

let onPath
try {
  onPath = execFileSync('pnpm', ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim()
} catch {
  onPath = undefined
}

const [command, prefix] = onPath?.split('.')[0] === major ? ['pnpm', []] : ['npx', ['--yes', `pnpm@${pinned}`]]
const result = spawnSync(command, [...prefix, ...process.argv.slice(2)], { stdio: 'inherit' })
if (result.error) {
  console.error(`could not run pnpm (${command}): ${result.error.message}`)
  process.exit(1)
}
process.exit(result.status ?? 1)
