// The shapes of a config write's preview, apart from the writer (which reaches the disk) so the
// contract and the renderer import only these.

export interface ConfigPreview {
  path: string
  exists: boolean
  /** False when the file already holds exactly this entry. */
  changed: boolean
  /** Unified-style diff with every secret masked as ••••; safe to show and log. */
  diff: string
}

/** What a write would do to the entry's credential; identifiers are non-secret (access key id, instance, url). */
export interface EntryChange {
  entry: string
  /** new: no credential there yet; same: already this secret; different: another secret. */
  secret: 'new' | 'same' | 'different'
  /** What the entry holds now besides its secret, shown in clear. */
  identifiers: Record<string, string>
  /**
   * The entry holds another credential that TokenDesk did not write there for this token:
   * a write replaces it only when asked (--replace).
   */
  foreign: boolean
}

export type ConfigPreviewView = ConfigPreview & { change: EntryChange }
