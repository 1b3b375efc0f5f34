import { spawn, spawnSync } from 'node:child_process'

/**
 * Every blob reachable from any ref of a repository (branches, tags, remotes, the stash), read
 * through the `git` executable as secret scanners do (gitleaks and trufflehog walk history with
 * git itself): `rev-list --all --objects` names each object once with a path it had; `cat-file
 * --batch` streams their contents. A found blob is dated by the commits that hold it.
 */
export interface GitBlob {
  sha: string
  path: string
  bytes: Buffer
}

export function gitAvailable(): boolean {
  const r = spawnSync('git', ['--version'], { encoding: 'utf8' })
  return r.status === 0
}

/** The blobs of the repository at `dir` (files up to maxBytes; larger ones are counted, not read). */
export async function gitBlobs(dir: string, maxBytes: number, onBlob: (b: GitBlob) => void, onLarge: (path: string) => void): Promise<void> {
  const list = spawnSync('git', ['-C', dir, 'rev-list', '--all', '--objects'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 })
  if (list.status !== 0) throw new Error(`git rev-list failed in ${dir}: ${(list.stderr || '').trim().slice(0, 200)}`)
  const paths = new Map<string, string>()
  for (const line of list.stdout.split('\n')) {
    const sp = line.indexOf(' ')
    if (sp > 0) paths.set(line.slice(0, sp), line.slice(sp + 1))
  }
  if (paths.size === 0) return
  // Object types and sizes first, then the blobs' contents, in one batch each.
  const check = spawnSync('git', ['-C', dir, 'cat-file', '--batch-check'], { input: [...paths.keys()].join('\n') + '\n', encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 })
  const blobs: string[] = []
  for (const line of check.stdout.split('\n')) {
    const [sha, type, size] = line.split(' ')
    if (type !== 'blob' || !sha) continue
    if (Number(size) > maxBytes) onLarge(paths.get(sha)!)
    else blobs.push(sha)
  }
  if (blobs.length === 0) return
  await new Promise<void>((resolve, reject) => {
    const child = spawn('git', ['-C', dir, 'cat-file', '--batch'], { stdio: ['pipe', 'pipe', 'ignore'] })
    let buf = Buffer.alloc(0)
    let i = 0
    child.stdout.on('data', (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk])
      for (;;) {
        const nl = buf.indexOf(10)
        if (nl === -1) return
        const [sha, , size] = buf.subarray(0, nl).toString('utf8').split(' ')
        const n = Number(size)
        if (buf.length < nl + 1 + n + 1) return
        onBlob({ sha: sha!, path: paths.get(sha!) ?? '', bytes: Buffer.from(buf.subarray(nl + 1, nl + 1 + n)) })
        buf = buf.subarray(nl + 1 + n + 1)
        i++
      }
    })
    child.on('error', reject)
    child.on('close', (code) => (code === 0 || i === blobs.length ? resolve() : reject(new Error(`git cat-file ended with ${code} in ${dir}`))))
    child.stdin.end(blobs.join('\n') + '\n')
  })
}

/** The commits that hold the blob, oldest first (sha and committer date), through every ref. */
export function commitsWithBlob(dir: string, sha: string): { commit: string; date: string }[] {
  const r = spawnSync('git', ['-C', dir, 'log', '--all', '--reverse', '--format=%H %cI', `--find-object=${sha}`], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 })
  if (r.status !== 0) return []
  return r.stdout
    .split('\n')
    .filter(Boolean)
    .map((l) => ({ commit: l.slice(0, 40), date: l.slice(41) }))
}
