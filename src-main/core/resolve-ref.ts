import { invalid, notFound } from './errors'
import type { TokenRepo, TokenRow } from './store/token-repo'

/**
 * What a REF on the command line (or in the bridge) means, written once for the vault and for
 * `tokendesk get`'s fast path: an id; a name when exactly one ready token has it; PLATFORM/NAME
 * when several do (slugs never hold a "/"); or a unique start of an id, at least 6 characters.
 */
export function resolveRef(repo: Pick<TokenRepo, 'find' | 'findReadyByName' | 'findReadyByIdPrefix'>, ref: string): TokenRow {
  if (typeof ref !== 'string' || ref.length === 0 || ref.length > 200) throw invalid('give a token id or name')
  const byId = repo.find(ref)
  if (byId && byId.state === 'ready') return byId
  const slash = ref.indexOf('/')
  const [platform, name] = slash > 0 ? [ref.slice(0, slash).toLowerCase(), ref.slice(slash + 1)] : [null, ref]
  const byName = repo.findReadyByName(name).filter((t) => platform === null || t.platform === platform)
  if (byName.length === 1) return byName[0]!
  if (byName.length > 1) {
    const ids = byName.map((t) => t.id).join(', ')
    const ways = [...new Set(byName.map((t) => `${t.platform}/${t.name}`))].join(', ')
    throw invalid(`${byName.length} tokens are named "${name}"; use the id instead (${ids}), or PLATFORM/NAME (${ways})`)
  }
  if (platform === null && /^[0-9a-f-]{6,}$/i.test(ref)) {
    const byPrefix = repo.findReadyByIdPrefix(ref.toLowerCase())
    if (byPrefix.length === 1) return byPrefix[0]!
    if (byPrefix.length > 1) throw invalid(`more than one token id starts with "${ref}"; give more of it`)
  }
  throw notFound(`no token "${ref.slice(0, 80)}"`)
}
