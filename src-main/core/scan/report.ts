import type { SecretForm } from './forms'

/**
 * What a scan reports, for the CLI's --json and the app's scan dialog alike. Pure shapes: the
 * renderer imports them through the contract. Never a secret: at most its last 4 characters.
 */

export type SkipReason = 'too large' | 'binary' | 'not a regular file' | 'symbolic link' | 'unreadable' | 'skipped folder'

/** One place a held secret was found. */
export interface Finding {
  token: { id: string; name: string; platform: string }
  file: string
  line: number
  /** A notebook's cell index; an IPython history's session and line. */
  cell?: number
  session?: number
  /** The variable or key the line assigns it to, when it says. */
  key?: string
  form: SecretForm
  last4: string
  /** --git: the commit that first holds it, its date, and the path there. */
  commit?: string
  date?: string
}

export interface ScanReport {
  findings: Finding[]
  files: number
  bytes: number
  skipped: { reason: SkipReason; count: number; examples: string[] }[]
  /** Said when --git was asked and there is no git executable. */
  gitMissing?: boolean
  /** What the scan changed in the found copies `where` lists: new places, and places now gone. */
  recorded?: { added: number; gone: number }
}

/** How far a scan is, for a progress line on a terminal and the app's scan dialog. */
export interface ScanProgress {
  files: number
  bytes: number
  findings: number
}
