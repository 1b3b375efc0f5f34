// What the desktop shell hands the window, driven through the loopback server's copy of the shell's
// parts: the reminder loop on a clock the test moves, the inbox of pending items (a token to open,
// notices), and the announcements. Each test checks what a person sees in real Chromium.
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openApp, screenshot, start, stop, type Harness } from './harness'

const DAY = 24 * 60 * 60 * 1000
const isoDate = (ts: number) => new Date(ts).toISOString().slice(0, 10)

let h: Harness
let page: Page

beforeAll(async () => {
  h = await start({ viewport: { width: 1280, height: 820 } })
  page = h.page
  await openApp(page, h)
  await page.locator('.app[data-ready=true]').waitFor()
})
afterAll(() => stop(h))

describe('desktop flows', () => {
  it('a notification clicked while the window was loading opens its token once the page starts', async () => {
    const t = await h.server.opened.vault.add({ kind: 'personal', platform: 'qualytics', name: 'clicked-token', expires: '30d' }, 'sec-clicked')
    // The shell stores the request before the page exists; the page takes it when it starts.
    h.server.inbox.openToken(t.id)
    await page.reload()
    await openApp(page, h)
    const panel = page.getByTestId('detail-panel')
    await panel.waitFor()
    expect(await panel.textContent()).toContain('clicked-token')
    await page.keyboard.press('Escape')
    await panel.waitFor({ state: 'detached' })
    // Taken once: another start opens nothing.
    await page.reload()
    await openApp(page, h)
    await page.locator('.app[data-ready=true]').waitFor()
    await page.waitForTimeout(300)
    expect(await panel.count()).toBe(0)

    // A loaded page is told at once.
    h.server.inbox.openToken(t.id)
    h.server.announcePending()
    await panel.waitFor()
    await page.keyboard.press('Escape')
    await panel.waitFor({ state: 'detached' })
  })

  it('a reminder notification clicked opens its token ready to rotate; not for a token the user may not rotate', async () => {
    const v = h.server.opened.vault
    const t = await v.add({ kind: 'personal', platform: 'kipu-hub', name: 'expiring-soon', expires: '3d' }, 'sec-expiring')
    // What the shell does on a reminder's click (shell/reminders.ts): open it, rotate = true.
    h.server.inbox.openToken(t.id, true)
    h.server.announcePending()
    const dialog = page.getByTestId('rotate-dialog')
    await dialog.getByRole('heading', { name: 'Rotate expiring-soon' }).waitFor()
    expect(await page.getByTestId('detail-panel').textContent()).toContain('expiring-soon')
    await screenshot(page, 'notification-rotate')
    await page.keyboard.press('Escape')
    await dialog.waitFor({ state: 'detached' })
    await page.keyboard.press('Escape')
    await page.getByTestId('detail-panel').waitFor({ state: 'detached' })

    v.setOrg('far-lab', 'owner')
    const shared = await v.add({ kind: 'provider', platform: 'ionq', name: 'far-ionq', org: 'far-lab', expires: '3d' }, 'sec-far')
    v.setOrg('far-lab', 'member')
    await page.reload()
    await openApp(page, h)
    await page.locator('.app[data-ready=true]').waitFor()
    h.server.inbox.openToken(shared.id, true)
    h.server.announcePending()
    const panel = page.getByTestId('detail-panel')
    await panel.getByRole('heading', { name: 'far-ionq' }).waitFor()
    await page.waitForTimeout(300)
    expect(await dialog.count()).toBe(0)
    await page.keyboard.press('Escape')
    await panel.waitFor({ state: 'detached' })
  })

  it('a clipboard the desktop would not clear is said once, with what to do', async () => {
    const message = 'TokenDesk could not clear the clipboard: the desktop did not let a window in the background change it (Wayland). Copy something else.'
    expect(h.server.inbox.notice({ kind: 'clipboard-not-cleared', message })).toBe(true)
    expect(h.server.inbox.notice({ kind: 'clipboard-not-cleared', message })).toBe(false)
    h.server.announcePending()
    const toast = page.locator('.toast-error', { hasText: 'The clipboard was not cleared' })
    await toast.waitFor()
    await toast.evaluate((el) => Promise.all(el.getAnimations().map((a) => a.finished)))
    expect(await toast.textContent()).toContain('Copy something else')
    await screenshot(page, 'notice-clipboard-not-cleared')
    expect(h.consoleErrors).toEqual([])
  })
  // Last: it moves the core's clock forward for the rest of this file.
  it('a reminder that falls due is notified once and stays in the panel until snoozed', async () => {
    const v = h.server.opened.vault
    // Expires in 9 days: the 7-day reminder is due in about 2 days.
    const t = await v.add({ kind: 'personal', platform: 'planqk', name: 'nine-days', expires: isoDate(Date.now() + 9 * DAY) }, 'sec-nine-days')
    h.server.runReminders()
    expect(h.server.notifications.filter((n) => n.tokenId === t.id)).toEqual([])
    const li = page.getByTestId('attention').locator(`li[data-token-id="${t.id}"]`)
    expect(await li.count()).toBe(0)

    // Three days later the loop's timer fires: a notification, and the panel updates by itself.
    h.server.advanceClock(3 * DAY)
    h.server.runReminders()
    const shown = h.server.notifications.filter((n) => n.tokenId === t.id)
    expect(shown).toHaveLength(1)
    expect(shown[0]!.title).toMatch(/^Token nine-days expires in \d days$/)
    const snooze = li.getByRole('group', { name: 'Snooze the reminder for nine-days' })
    await snooze.waitFor()
    expect(await li.textContent()).toContain('nine-days')
    await screenshot(page, 'reminder-due-in-panel')

    // The loop runs again (its hourly look): no second notification, the reminder stays listed.
    h.server.runReminders()
    await page.reload()
    await openApp(page, h)
    await snooze.waitFor()
    expect(h.server.notifications.filter((n) => n.tokenId === t.id)).toHaveLength(1)

    // Snoozed for a day: its Snooze leaves the token's row (the token is still expiring), and
    // comes back (notified once more) a day later.
    await li.getByRole('button', { name: 'Snooze 1 day: nine-days' }).click()
    await snooze.waitFor({ state: 'detached' })
    expect(await li.count()).toBe(1)
    h.server.advanceClock(DAY + 60_000)
    h.server.runReminders()
    await snooze.waitFor()
    expect(h.server.notifications.filter((n) => n.tokenId === t.id)).toHaveLength(2)

    v.revoke(t.id)
    await v.delete(t.id)
  })

})
