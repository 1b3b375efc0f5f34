/**
 * What the keychain broker (a child process that owns the native keyring calls) is asked and
 * answers. One shape for both sides; the child imports it as types only, so it stays a single
 * self-contained file that Node can run straight from source in tests.
 */
export type BrokerOp =
  | { op: 'set'; service: string; account: string; secret: string }
  | { op: 'get'; service: string; account: string }
  | { op: 'delete'; service: string; account: string }
  /** Account names only: the child drops the passwords the library returns before answering. */
  | { op: 'accounts'; service: string }

export type BrokerRequest = BrokerOp & { id: number }

export type BrokerReply =
  | { id: number; ok: true; value: string | null | boolean | string[] | undefined }
  | { id: number; ok: false; message: string }

export function isBrokerReply(m: unknown): m is BrokerReply {
  if (typeof m !== 'object' || m === null) return false
  const r = m as Record<string, unknown>
  return typeof r.id === 'number' && (r.ok === true || (r.ok === false && typeof r.message === 'string'))
}
