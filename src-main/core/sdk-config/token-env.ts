import { invalid } from '../errors'
import type { Vault } from '../vault'
import { sdkEnv } from './env'

/**
 * The SDK variables of several tokens, merged, for `tokendesk env` / `tokendesk exec`. Each token
 * is read through vault.reveal, so every use is recorded. Two tokens that set the same variable
 * are refused before any secret is read, since one would silently win. Kept apart from the
 * config-file service so the CLI's env/exec do not load the file renderers.
 */
export async function envForTokens(
  vault: Pick<Vault, 'resolve' | 'reveal'>,
  refs: readonly string[],
  /** Runs on every token before any secret is read (the CLI refuses revoked/expired ones here). */
  check: (row: ReturnType<Vault['resolve']>) => void = () => {},
): Promise<Record<string, string>> {
  if (refs.length === 0) throw invalid('give at least one token')
  const rows = [...new Map(refs.map((r) => vault.resolve(r)).map((row) => [row.id, row])).values()]
  for (const row of rows) check(row)
  const owner = new Map<string, string>()
  for (const row of rows) {
    // Variable names never depend on the secret, so a placeholder finds clashes without reading it.
    for (const name of Object.keys(sdkEnv(row, 'x'))) {
      const prev = owner.get(name)
      if (prev !== undefined) throw invalid(`${prev} and ${row.name} both set ${name}; use one of them`)
      owner.set(name, row.name)
    }
  }
  const out: Record<string, string> = {}
  for (const row of rows) Object.assign(out, sdkEnv(row, await vault.reveal(row.id)))
  return out
}
