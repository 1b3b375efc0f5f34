import { parseInput } from './input'
import { DEFAULT_SETTINGS, type Settings, SettingsPatchSchema, SettingsSchema } from './settings'
import type { TokenRepo } from './store/token-repo'

/**
 * The user's settings, kept as one JSON value in the settings table: read with defaults for
 * anything missing or unreadable, changed by a validated patch. Apart from the vault, which is
 * about the token lifecycle; the vault reads its reminder window from here.
 */
export class SettingsService {
  constructor(private readonly repo: Pick<TokenRepo, 'getSetting' | 'setSetting'>) {}

  get(): Settings {
    const raw = this.repo.getSetting('settings')
    if (!raw) return DEFAULT_SETTINGS
    const parsed = SettingsSchema.safeParse(JSON.parse(raw))
    return parsed.success ? parsed.data : DEFAULT_SETTINGS
  }

  update(patch: unknown): Settings {
    const p = parseInput(SettingsPatchSchema, patch)
    const next = SettingsSchema.parse({ ...this.get(), ...p })
    this.repo.setSetting('settings', JSON.stringify(next))
    return next
  }
}
