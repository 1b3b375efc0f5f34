import type { TokenView } from '../../src-preload/contract/channels'
import { useDesk } from '../store'

/**
 * Copy or reveal a token's secret; an expired token's only after a confirmation that says so
 * (the CLI refuses the same without --force). Revoked tokens offer neither.
 */
export function secretAction(token: TokenView, use: 'copy' | 'reveal'): void {
  const d = useDesk.getState()
  if (token.status === 'expired') return d.askConfirm({ action: 'use-expired', token, use })
  void runSecretAction(token.id, use)
}

/** The secret is revealed inside the detail panel: it is opened first when it is not already. */
export async function runSecretAction(id: string, use: 'copy' | 'reveal'): Promise<void> {
  const d = useDesk.getState()
  if (use === 'copy') return d.copy(id)
  if (d.selectedId !== id) await d.openDetail(id)
  await d.reveal(id)
}
