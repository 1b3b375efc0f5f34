import type { Db } from './db'

/** A rotation on a platform as stored (migration 8). */
export interface RotationRow {
  id: number
  tokenId: string
  tokenName: string
  connectionId: string
  state: 'creating' | 'retiring'
  oldRemoteId: string
  oldSecretRef: string
  newName: string
  newRemoteId: string | null
  startedAt: number
  retireAt: number
  opPid: number | null
  lastError: string | null
}

interface Raw {
  id: number
  token_id: string
  token_name: string
  connection_id: string
  state: RotationRow['state']
  old_remote_id: string
  old_secret_ref: string
  new_name: string
  new_remote_id: string | null
  started_at: number
  retire_at: number
  op_pid: number | null
  last_error: string | null
}

const fromRaw = (r: Raw): RotationRow => ({
  id: r.id,
  tokenId: r.token_id,
  tokenName: r.token_name,
  connectionId: r.connection_id,
  state: r.state,
  oldRemoteId: r.old_remote_id,
  oldSecretRef: r.old_secret_ref,
  newName: r.new_name,
  newRemoteId: r.new_remote_id,
  startedAt: r.started_at,
  retireAt: r.retire_at,
  opPid: r.op_pid,
  lastError: r.last_error,
})

/** The rotations table: the SQL of connections/rotation.ts. */
export class RotationRepo {
  constructor(private readonly db: Db) {}

  start(r: Pick<RotationRow, 'tokenId' | 'tokenName' | 'connectionId' | 'oldRemoteId' | 'oldSecretRef' | 'newName' | 'startedAt' | 'retireAt' | 'opPid'>): number {
    return Number(
      this.db
        .prepare(
          `INSERT INTO rotations (token_id, token_name, connection_id, state, old_remote_id, old_secret_ref, new_name, started_at, retire_at, op_pid)
           VALUES (@tokenId, @tokenName, @connectionId, 'creating', @oldRemoteId, @oldSecretRef, @newName, @startedAt, @retireAt, @opPid)`,
        )
        .run(r).lastInsertRowid,
    )
  }

  find(id: number): RotationRow | undefined {
    const r = this.db.prepare<[number], Raw>('SELECT * FROM rotations WHERE id = ?').get(id)
    return r ? fromRaw(r) : undefined
  }

  forToken(tokenId: string): RotationRow[] {
    return this.db.prepare<[string], Raw>('SELECT * FROM rotations WHERE token_id = ? ORDER BY id').all(tokenId).map(fromRaw)
  }

  all(): RotationRow[] {
    return this.db.prepare<[], Raw>('SELECT * FROM rotations ORDER BY id').all().map(fromRaw)
  }

  created(id: number, newRemoteId: string): void {
    this.db.prepare('UPDATE rotations SET new_remote_id = ? WHERE id = ?').run(newRemoteId, id)
  }

  retiring(id: number): void {
    this.db.prepare("UPDATE rotations SET state = 'retiring', op_pid = NULL WHERE id = ?").run(id)
  }

  /** The process that started it gave up on it (no answer from the platform): any later run settles it. */
  abandoned(id: number, message: string): void {
    this.db.prepare('UPDATE rotations SET last_error = ?, op_pid = NULL WHERE id = ?').run(message.slice(0, 500), id)
  }

  failed(id: number, message: string): void {
    this.db.prepare('UPDATE rotations SET last_error = ? WHERE id = ?').run(message.slice(0, 500), id)
  }

  /** A platform token TokenDesk took out of use (sync then knows it as TokenDesk's own). */
  retiredRemote(r: { connectionId: string; remoteId: string; tokenName: string; why: 'replaced' | 'interrupted'; at: number }): void {
    this.db
      .prepare('INSERT INTO retired_remote (connection_id, remote_id, token_name, why, at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET why = excluded.why, at = excluded.at')
      .run(r.connectionId, r.remoteId, r.tokenName, r.why, r.at)
  }

  retiredOn(connectionId: string): { remoteId: string; tokenName: string; why: 'replaced' | 'interrupted' }[] {
    return this.db
      .prepare<[string], { remote_id: string; token_name: string; why: 'replaced' | 'interrupted' }>('SELECT remote_id, token_name, why FROM retired_remote WHERE connection_id = ?')
      .all(connectionId)
      .map((r) => ({ remoteId: r.remote_id, tokenName: r.token_name, why: r.why }))
  }

  remove(id: number): void {
    this.db.prepare('DELETE FROM rotations WHERE id = ?').run(id)
  }
}
