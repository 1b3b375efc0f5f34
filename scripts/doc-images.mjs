// The README's pictures are the browser tests' own screenshots (test/e2e/*.e2e.ts save them in
// test-results/screenshots/, every secret painted over). After `npm run test:e2e`,
// `npm run docs:images` copies these into docs/images/ under the names the README uses;
// test/unit/docs.test.ts checks each one is committed and is a screenshot a test takes.
import { copyFileSync, existsSync, mkdirSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

/** @type {readonly { doc: string, screenshot: string, shows: string }[]} */
export const DOC_IMAGES = [
  { doc: 'list-attention', screenshot: 'list-all-statuses', shows: 'the personal tokens list with its attention area' },
  { doc: 'detail-copies', screenshot: 'detail-copies-stale', shows: "a token's detail panel with its copies in files" },
  { doc: 'import-checklist', screenshot: 'import-checklist', shows: 'the import checklist' },
]

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
  const from = path.join(root, 'test-results', 'screenshots')
  const to = path.join(root, 'docs', 'images')
  mkdirSync(to, { recursive: true })
  const missing = DOC_IMAGES.filter((i) => !existsSync(path.join(from, `${i.screenshot}.png`)))
  if (missing.length > 0) {
    console.error(`doc-images: run \`npm run test:e2e\` first; missing ${missing.map((i) => `${i.screenshot}.png`).join(', ')} in ${from}`)
    process.exit(1)
  }
  for (const i of DOC_IMAGES) copyFileSync(path.join(from, `${i.screenshot}.png`), path.join(to, `${i.doc}.png`))
  console.log(`doc-images: copied ${DOC_IMAGES.length} screenshots into docs/images/`)
}
