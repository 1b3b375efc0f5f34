import * as Menu from '@radix-ui/react-dropdown-menu'
import type { TokenView } from '../../src-preload/contract/channels'
import { useDesk } from '../store'
import { rotatePrefill, useTokenPermissions } from './actions'
import { MoreIcon } from './Icons'

function Item({ onSelect, reason, children, danger }: { onSelect: () => void; reason?: string | null; children: string; danger?: boolean }) {
  return (
    <Menu.Item
      className={`menu-item${danger ? ' danger' : ''}`}
      disabled={!!reason}
      // Run after the menu has closed, so a dialog it opens gets focus and is not hidden.
      onSelect={() => setTimeout(onSelect, 0)}
      title={reason ?? undefined}
    >
      <span>{children}</span>
      {reason ? <span className="menu-reason">{reason}</span> : null}
    </Menu.Item>
  )
}

/** The ⋮ menu of one row (non-modal: a modal menu that opens a modal dialog leaves it aria-hidden). */
export function RowMenu({ token, tabIndex }: { token: TokenView; tabIndex: number }) {
  const d = useDesk.getState
  const perm = useTokenPermissions(token)
  const revoked = token.status === 'revoked'
  return (
    <Menu.Root modal={false}>
      <Menu.Trigger className="icon-btn" aria-label={`Actions for ${token.name}`} tabIndex={tabIndex} onKeyDown={(e) => e.stopPropagation()}>
        <MoreIcon />
      </Menu.Trigger>
      <Menu.Portal>
        <Menu.Content className="menu" align="end" sideOffset={4} onKeyDown={(e) => e.stopPropagation()}>
          <Item onSelect={() => void d().openDetail(token.id)}>Details</Item>
          {!revoked ? <Item onSelect={() => void d().copy(token.id)}>Copy secret</Item> : null}
          {!revoked ? (
            <Item
              onSelect={() => {
                void d()
                  .openDetail(token.id)
                  .then(() => d().reveal(token.id))
              }}
            >
              Reveal secret
            </Item>
          ) : null}
          <Menu.Separator className="menu-sep" />
          {!revoked ? (
            <>
              <Item reason={perm.rotate} onSelect={() => d().openAdd(rotatePrefill(token))}>
                Rotate…
              </Item>
              <Item danger reason={perm.revoke} onSelect={() => d().askConfirm({ action: 'revoke', token })}>
                Revoke…
              </Item>
            </>
          ) : (
            <>
              <Item reason={perm.restore} onSelect={() => void d().restore(token.id)}>
                Restore
              </Item>
              <Item danger reason={perm.delete} onSelect={() => d().askConfirm({ action: 'delete', token })}>
                Delete permanently…
              </Item>
            </>
          )}
        </Menu.Content>
      </Menu.Portal>
    </Menu.Root>
  )
}
