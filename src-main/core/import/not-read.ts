// Pure (the renderer shows these words): what a folder walk passed over, and how that is said.

export const MAX_DEPTH = 8
export const MAX_FILES = 10_000
/** How many paths a "not read" line names; the count says the rest. */
const EXAMPLES = 5

export const NOT_READ_REASONS = ['file-limit', 'too-deep', 'unreadable-folder', 'template'] as const
export type NotReadReason = (typeof NOT_READ_REASONS)[number]

/** What a folder walk passed over and why, with the first few paths: import and scan say it. */
export interface NotRead {
  reason: NotReadReason
  count: number
  examples: string[]
}

export const NOT_READ_WORDS: Record<NotReadReason, string> = {
  'file-limit': `files past the first ${MAX_FILES.toLocaleString('en')} (name a smaller folder)`,
  'too-deep': `folders deeper than ${MAX_DEPTH} levels (name them to read them)`,
  'unreadable-folder': 'folders that could not be read',
  template: 'example files (.env.example, .env.sample, .env.template, .env.dist: placeholders, not credentials; name one to read it)',
}

/** Collects what was not read, a count per reason and the first few paths. */
export class NotReadLog {
  private readonly by = new Map<NotReadReason, NotRead>()

  add(reason: NotReadReason, p: string): void {
    let r = this.by.get(reason)
    if (!r) this.by.set(reason, (r = { reason, count: 0, examples: [] }))
    r.count++
    if (r.examples.length < EXAMPLES) r.examples.push(p)
  }

  list(): NotRead[] {
    return NOT_READ_REASONS.flatMap((k) => (this.by.has(k) ? [this.by.get(k)!] : []))
  }
}

