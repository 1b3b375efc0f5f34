import { describe, expect, it } from 'vitest'
import GithubSlugger from 'github-slugger'
import { lexer, walkTokens, type Token, type Tokens } from 'marked'
import fs from 'node:fs'
import path from 'node:path'
import { DOC_IMAGES } from '../../scripts/doc-images.mjs'

/**
 * The front door (issue #28): the README stays short, every link and image in it and in docs/
 * resolves on a fresh clone — files that exist, headings that exist (GitHub's own slugs, via
 * github-slugger) — and every picture is one the browser tests take.
 */
const ROOT = path.resolve(__dirname, '..', '..')
const DOCS = ['README.md', ...fs.readdirSync(path.join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)]

function tokensOf(file: string): Token[] {
  return lexer(fs.readFileSync(path.join(ROOT, file), 'utf8'))
}

function linksOf(file: string): { href: string; image: boolean }[] {
  const found: { href: string; image: boolean }[] = []
  walkTokens(tokensOf(file), (t) => {
    if (t.type === 'link' || t.type === 'image') found.push({ href: (t as Tokens.Link).href, image: t.type === 'image' })
  })
  return found
}

const anchorCache = new Map<string, Set<string>>()
function anchorsOf(file: string): Set<string> {
  let anchors = anchorCache.get(file)
  if (!anchors) {
    const slugger = new GithubSlugger()
    anchors = new Set()
    walkTokens(tokensOf(file), (t) => {
      if (t.type === 'heading') anchors!.add(slugger.slug((t as Tokens.Heading).text.replace(/`/g, '')))
    })
    anchorCache.set(file, anchors)
  }
  return anchors
}

describe('README and docs/', () => {
  it('the README is at most about 200 lines and opens with what TokenDesk is', () => {
    const text = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8')
    expect(text.split('\n').length).toBeLessThanOrEqual(200)
    expect(text.split('\n')[0]).toBe('# TokenDesk')
    expect(text).toMatch(/desktop credential manager/)
  })

  it('has the six documents the README links to', () => {
    const readmeLinks = linksOf('README.md').map((l) => l.href.split('#')[0])
    for (const doc of ['docs/user-guide.md', 'docs/cli.md', 'docs/platforms.md', 'docs/security.md', 'docs/architecture.md', 'docs/development.md']) {
      expect(fs.existsSync(path.join(ROOT, doc)), doc).toBe(true)
      expect(readmeLinks, doc).toContain(doc)
    }
  })

  for (const doc of DOCS) {
    it(`${doc}: every relative link and image resolves, anchors included`, () => {
      const broken: string[] = []
      for (const { href } of linksOf(doc)) {
        if (/^(https?|mailto):/.test(href)) continue
        const [target = '', anchor] = href.split('#')
        const file = target === '' ? doc : path.posix.normalize(path.posix.join(path.posix.dirname(doc), decodeURI(target)))
        if (file.startsWith('..') || !fs.existsSync(path.join(ROOT, file))) {
          broken.push(`${href}: no file ${file}`)
          continue
        }
        if (anchor !== undefined && file.endsWith('.md') && !anchorsOf(file).has(anchor)) broken.push(`${href}: no heading #${anchor} in ${file}`)
      }
      expect(broken).toEqual([])
    })
  }

  it('the README shows the browser tests\' screenshots, each a PNG under docs/images/', () => {
    const images = linksOf('README.md').filter((l) => l.image).map((l) => l.href)
    expect(images.length).toBeGreaterThanOrEqual(2)
    for (const src of images) {
      expect(src).toMatch(/^docs\/images\/[a-z0-9-]+\.png$/)
      const bytes = fs.readFileSync(path.join(ROOT, src))
      expect(bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])), src).toBe(true)
    }
  })

  it('every picture in docs/images/ is named in scripts/doc-images.mjs after a screenshot a browser test takes', () => {
    const e2eSources = fs
      .readdirSync(path.join(ROOT, 'test/e2e'))
      .filter((f) => f.endsWith('.ts'))
      .map((f) => fs.readFileSync(path.join(ROOT, 'test/e2e', f), 'utf8'))
      .join('\n')
    const committed = fs.readdirSync(path.join(ROOT, 'docs/images')).sort()
    expect(committed).toEqual(DOC_IMAGES.map((i) => `${i.doc}.png`).sort())
    for (const { screenshot } of DOC_IMAGES) expect(e2eSources, screenshot).toContain(`'${screenshot}'`)
  })
})
