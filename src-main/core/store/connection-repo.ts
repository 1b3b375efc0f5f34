import type { ConnectorKind } from '../connectors/types'
import type { ConnectionFields } from '../connections/views'
import type { Db } from './db'

/** A platform connection as stored. The management token is in the keychain under secretRef. */
export interface ConnectionRow extends ConnectionFields {
  state: 'pending' | 'ready' | 'deleting'
  /** null for kinds that need no management token (PlanQK / Kipu only check tokens). */
  secretRef: string | null
}

interface RawConnection {
  id: string
  kind: ConnectorKind
  name: string
  base_url: string
  account: string | null
  created_at: number
  last_sync_at: number | null
  last_sync_error: string | null
  state: ConnectionRow['state']
  secret_ref: string | null
}

const fromRaw = (r: RawConnection): ConnectionRow => ({
  id: r.id,
  kind: r.kind,
  name: r.name,
  baseUrl: r.base_url,
  account: r.account,
  createdAt: r.created_at,
  lastSyncAt: r.last_sync_at,
  lastSyncError: r.last_sync_error,
  state: r.state,
  secretRef: r.secret_ref,
})

export class ConnectionRepo {
  constructor(private readonly db: Db) {}

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)()
  }

  insertPending(c: Pick<ConnectionRow, 'id' | 'kind' | 'name' | 'baseUrl' | 'account' | 'createdAt' | 'secretRef'>): void {
    this.db
      .prepare(
        `INSERT INTO connections (id, kind, name, base_url, account, created_at, state, secret_ref)
         VALUES (@id, @kind, @name, @baseUrl, @account, @createdAt, 'pending', @secretRef)`,
      )
      .run(c)
  }

  find(id: string): ConnectionRow | undefined {
    const r = this.db.prepare<[string], RawConnection>('SELECT * FROM connections WHERE id = ?').get(id)
    return r ? fromRaw(r) : undefined
  }

  findReadyByName(name: string): ConnectionRow | undefined {
    const r = this.db.prepare<[string], RawConnection>("SELECT * FROM connections WHERE name = ? AND state = 'ready'").get(name)
    return r ? fromRaw(r) : undefined
  }

  nameTaken(name: string): boolean {
    return this.db.prepare('SELECT 1 FROM connections WHERE name = ?').get(name) !== undefined
  }

  /** Every keychain ref a connection row points at, in any state. */
  allSecretRefs(): string[] {
    return this.db
      .prepare<[], { r: string }>('SELECT secret_ref AS r FROM connections WHERE secret_ref IS NOT NULL')
      .all()
      .map((x) => x.r)
  }

  list(): ConnectionRow[] {
    return this.db.prepare<[], RawConnection>("SELECT * FROM connections WHERE state = 'ready' ORDER BY name").all().map(fromRaw)
  }

  byKind(kind: ConnectorKind): ConnectionRow[] {
    return this.db
      .prepare<[string], RawConnection>("SELECT * FROM connections WHERE kind = ? AND state = 'ready' ORDER BY name")
      .all(kind)
      .map(fromRaw)
  }

  unfinished(): ConnectionRow[] {
    return this.db.prepare<[], RawConnection>("SELECT * FROM connections WHERE state != 'ready'").all().map(fromRaw)
  }

  setState(id: string, state: ConnectionRow['state']): void {
    this.db.prepare('UPDATE connections SET state = ? WHERE id = ?').run(state, id)
  }

  recordSync(id: string, at: number | null, error: string | null): void {
    if (at === null) this.db.prepare('UPDATE connections SET last_sync_error = ? WHERE id = ?').run(error, id)
    else this.db.prepare('UPDATE connections SET last_sync_at = ?, last_sync_error = ? WHERE id = ?').run(at, error, id)
  }

  remove(id: string): void {
    this.db.prepare('DELETE FROM connections WHERE id = ?').run(id)
  }

  tokenCount(id: string): number {
    return (this.db.prepare("SELECT count(*) AS n FROM tokens WHERE connection_id = ? AND state = 'ready'").get(id) as { n: number }).n
  }
}
