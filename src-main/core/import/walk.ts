import fs from 'node:fs'
import path from 'node:path'
import { MAX_DEPTH, MAX_FILES, type NotReadLog } from './not-read'

/** Folders a directory scan never enters: version control, dependencies, virtualenvs, caches. */
export const SKIP_DIRS = new Set(['.git', '.hg', '.svn', 'node_modules', '.venv', 'venv', 'env', '.tox', '__pycache__', '.mypy_cache', 'site-packages', '.cache'])

/**
 * A .env file's name that holds placeholders, not credentials: the convention for the file a
 * project commits to show which variables it needs (`.env.example`, `.env.sample`, `.env.template`,
 * `.env.dist`). Imported, they made tokens of "your-token-here". Named on the command line, they are read.
 */
/** A file the dotenv format reads: `.env` and `.env.*` (also what scan's found copies may turn into references). */
export const isEnvFileName = (name: string): boolean => /^\.env(\..+)?$/.test(name)
export const isTemplateEnv = (name: string): boolean => /^\.env\.(example|sample|template|dist)$/i.test(name)

/**
 * The .env files under `root` (symlinked folders are not entered: a link loop or a link to `/`
 * would never end), up to MAX_FILES and MAX_DEPTH; everything it passes over is logged.
 */
export function envFilesUnder(root: string, out: string[], log: NotReadLog): void {
  const walk = (dir: string, depth: number) => {
    if (depth > MAX_DEPTH) return log.add('too-deep', dir)
    let entries: fs.Dirent[]
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true })
    } catch {
      return log.add('unreadable-folder', dir)
    }
    for (const e of entries) {
      const p = path.join(dir, e.name)
      if (e.isDirectory() && !SKIP_DIRS.has(e.name)) walk(p, depth + 1)
      else if (e.isFile() && isEnvFileName(e.name)) {
        if (isTemplateEnv(e.name)) log.add('template', p)
        else if (out.length >= MAX_FILES) log.add('file-limit', p)
        else out.push(p)
      }
    }
  }
  walk(root, 0)
}
