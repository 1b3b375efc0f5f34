import { deleteOnly } from '../../src-main/core/rules/lifecycle'
import { secretAction } from './secret-action'
import * as Menu from '@radix-ui/react-dropdown-menu'
import { createContext, useContext, useRef } from 'react'
import type { TokenView } from '../../src-preload/contract/channels'
import { useDesk } from '../store'
import { checkAvailability, useTokenPermissions } from './actions'
import { MoreIcon } from './Icons'

function Item({ onSelect, reason, children, danger }: { onSelect: () => void; reason?: string | null; children: string; danger?: boolean }) {
  const later = useContext(Later)
  return (
    <Menu.Item className={`menu-item${danger ? ' danger' : ''}`} disabled={!!reason} onSelect={() => later(onSelect)} title={reason ?? undefined}>
      <span>{children}</span>
      {reason ? <span className="menu-reason">{reason}</span> : null}
    </Menu.Item>
  )
}

/**
 * Runs a chosen item's action only after the menu has closed and returned focus to its trigger,
 * so a dialog the action opens receives focus (and later returns it to the trigger).
 */
const Later = createContext<(fn: () => void) => void>((fn) => fn())

/**
 * The ⋮ menu of one row (non-modal: a modal menu that opens a modal dialog leaves it aria-hidden).
 * Loaded with the later chunk and mounted by RowMenu.tsx on the row's first menu press, already
 * open; `openedBy` says whether that press was a key, so the first item takes focus as Radix
 * would have done.
 */
export function RowMenuContent({ token, tabIndex, openedBy }: { token: TokenView; tabIndex: number; openedBy: 'pointer' | 'keyboard' }) {
  const d = useDesk.getState
  const perm = useTokenPermissions(token)
  const revoked = token.status === 'revoked'
  const check = checkAvailability(token, useDesk((s) => s.connections))
  const pending = useRef<(() => void) | null>(null)
  const firstOpen = useRef(true)
  const flush = () => {
    const fn = pending.current
    pending.current = null
    if (fn) setTimeout(fn, 0)
  }
  const later = (fn: () => void) => {
    pending.current = fn
    setTimeout(flush, 300) // in case the menu closes without an autofocus event
  }
  return (
    <Later.Provider value={later}>
      <Menu.Root modal={false} defaultOpen>
        <Menu.Trigger className="icon-btn" aria-label={`Actions for ${token.name}`} tabIndex={tabIndex} onKeyDown={(e) => e.stopPropagation()}>
          <MoreIcon />
        </Menu.Trigger>
        <Menu.Portal>
          <Menu.Content
            className="menu"
            align="end"
            sideOffset={4}
            onKeyDown={(e) => e.stopPropagation()}
            onFocus={(e) => {
              // Radix saw no key press (it was not mounted yet), so on opening it focuses only the
              // menu itself; a keyboard user expects the first item, as with Radix's own trigger.
              if (e.target !== e.currentTarget || !firstOpen.current) return
              firstOpen.current = false
              if (openedBy === 'keyboard') e.currentTarget.querySelector<HTMLElement>('[role=menuitem]:not([data-disabled])')?.focus()
            }}
            onCloseAutoFocus={() => setTimeout(flush, 0)}
          >
            <Item onSelect={() => void d().openDetail(token.id)}>Details</Item>
            {!revoked ? <Item onSelect={() => secretAction(token, 'copy')}>Copy secret</Item> : null}
            {!revoked ? (
              <Item onSelect={() => secretAction(token, 'reveal')}>
                Reveal secret
              </Item>
            ) : null}
            {!revoked ? <Item onSelect={() => d().openSdk(token)}>Write to SDK config…</Item> : null}
            {check !== 'hidden' ? (
              <Item reason={check} onSelect={() => void d().checkToken(token.id)}>
                Check with platform
              </Item>
            ) : null}
            <Menu.Separator className="menu-sep" />
            {!revoked ? (
              <>
                <Item reason={perm.rotate} onSelect={() => d().openRotate(token)}>
                  Rotate…
                </Item>
                {deleteOnly(token) ? (
                  // The platform has no revoke (platform-catalog.ts lifecycle): delete is the one step.
                  <Item danger reason={perm.delete} onSelect={() => d().askConfirm({ action: 'delete', token })}>
                    Delete permanently…
                  </Item>
                ) : (
                  <Item danger reason={perm.revoke} onSelect={() => d().askConfirm({ action: 'revoke', token })}>
                    Revoke…
                  </Item>
                )}
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
    </Later.Provider>
  )
}
