import type { TokenKind } from '../model'
import type { BackupToken } from './format'

/** What a restore does with each token of a backup. Pure: the vault's names go in, the plan comes out. */
export type RestoreStep =
  | { action: 'restore'; token: BackupToken; name: string; id: string }
  | { action: 'skip'; token: BackupToken; reason: string }

export interface ExistingToken {
  id: string
  kind: TokenKind
  platform: string
  org: string | null
  name: string
}

const key = (t: { kind: string; platform: string; org: string | null; name: string }) => `${t.kind}\u0000${t.platform}\u0000${t.org ?? ''}\u0000${t.name}`

const MAX_NAME = 64

/** `name-restored`, then `name-restored-2`, … cut to fit the 64-character limit. */
export function renamed(name: string, taken: (candidate: string) => boolean): string {
  for (let n = 1; ; n++) {
    const suffix = n === 1 ? '-restored' : `-restored-${n}`
    const candidate = `${name.slice(0, MAX_NAME - suffix.length).replace(/-+$/, '')}${suffix}`
    if (!taken(candidate)) return candidate
  }
}

/**
 * A token whose kind, platform, organization and name are already in the vault clashes: it is
 * skipped and reported, or with `rename` restored under a free name. Every restored token gets a
 * new id: the file's ids only tie its history to its tokens. Kept ids let a backup restored into
 * a second data folder share keychain entries with the first (deleting there removed the first
 * one's secret), and a crafted file's id could address an entry that is not a token's
 * (`placement-key`, `connection-…`). Clashes inside the backup itself cannot happen (the vault
 * it came from had the same unique rule), but are handled the same way.
 */
export function planRestore(tokens: BackupToken[], existing: ExistingToken[], opts: { rename: boolean; newId: () => string }): RestoreStep[] {
  const names = new Set(existing.map(key))
  return tokens.map((token): RestoreStep => {
    const id = opts.newId()
    let name = token.name
    if (names.has(key(token))) {
      if (!opts.rename) {
        return { action: 'skip', token, reason: `a ${token.kind} token named "${token.name}" for ${token.platform}${token.org ? ` in ${token.org}` : ''} already exists` }
      }
      name = renamed(token.name, (candidate) => names.has(key({ ...token, name: candidate })))
    }
    names.add(key({ ...token, name }))
    return { action: 'restore', token, name, id }
  })
}
