/** What worker-crypt.ts asks age-worker.ts, and what it answers. */
export type AgeJob =
  | { id: number; op: 'seal'; bytes: Uint8Array; passphrase: string; workFactor: number }
  | { id: number; op: 'open'; bytes: Uint8Array; passphrase: string }

export type AgeResult = { id: number; ok: true; bytes: Uint8Array } | { id: number; ok: false; message: string }
