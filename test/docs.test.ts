import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { renderConfiguration } from '../scripts/configuration-reference.js'

const root = new URL('..', import.meta.url)
const rootPath = root.pathname
const pages = ['README.md', ...readdirSync(join(rootPath, 'docs')).filter((name) => name.endsWith('.md')).map((name) => `docs/${name}`)]

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens. */
const slug = (heading: string) =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\- _]/gu, '')
    .replaceAll(' ', '-')

function anchorsOf(text: string): Set<string> {
  const anchors = new Set<string>()
  let fenced = false
  for (const line of text.split('\n')) {
    if (line.startsWith('```')) fenced = !fenced
    const heading = !fenced && /^#{1,6} (.*)$/.exec(line)
    if (heading) anchors.add(slug(heading[1]!))
  }
  return anchors
}

/** Every `[text](target)` outside code blocks and inline code. */
function linksOf(text: string): string[] {
  const links: string[] = []
  let fenced = false
  for (const line of text.split('\n')) {
    if (line.startsWith('```')) fenced = !fenced
    if (fenced) continue
    for (const match of line.replace(/`[^`]*`/g, '').matchAll(/\[[^\]]*\]\(([^)\s]+)\)/g)) links.push(match[1]!)
  }
  return links
}

describe('the documentation', () => {
  it('README stays a short front page (at most ~300 lines); the rest is in docs/', () => {
    expect(readFileSync(join(rootPath, 'README.md'), 'utf8').split('\n').length).toBeLessThanOrEqual(300)
  })

  it.each(pages)('%s: every relative link reaches a file in the repository, and every #anchor a heading', (page) => {
    const text = readFileSync(join(rootPath, page), 'utf8')
    const broken: string[] = []
    for (const link of linksOf(text)) {
      if (/^(https?|mailto):/.test(link)) continue
      const [path, anchor] = link.split('#') as [string, string | undefined]
      const target = path === '' ? join(rootPath, page) : join(rootPath, dirname(page), decodeURIComponent(path))
      // The repository must not link outside itself.
      if (relative(rootPath, target).startsWith('..') || !existsSync(target)) {
        broken.push(link)
        continue
      }
      if (anchor && target.endsWith('.md') && !anchorsOf(readFileSync(target, 'utf8')).has(anchor)) broken.push(link)
    }
    expect(broken).toEqual([])
  })

  it('docs/configuration.md is the one `npm run configuration` writes, and every variable has a description', () => {
    const { markdown, undocumented } = renderConfiguration(root)
    expect(undocumented).toEqual([])
    expect(readFileSync(join(rootPath, 'docs/configuration.md'), 'utf8'), 'stale: run npm run configuration').toBe(markdown)
  })
})
