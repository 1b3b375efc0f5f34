import fs from 'node:fs'
import path from 'node:path'
import type { Page } from 'playwright-core'
import { ROOT } from './harness'

/**
 * Checks the browser tests run inside the page: what the zustand store holds (through the hook
 * that only dev and e2e builds expose) and axe-core's accessibility verdict.
 */

const AXE = path.join(ROOT, 'node_modules/axe-core/axe.min.js')

interface StoreHook {
  getState: () => Record<string, unknown>
  holdsSecret: (s: unknown) => boolean
}

/** The zustand state as JSON (functions dropped) and whether it holds any secret. */
export async function storeSnapshot(p: Page): Promise<{ json: string; holds: boolean }> {
  return p.evaluate(() => {
    const hook = (window as unknown as { __tokendeskStore: StoreHook }).__tokendeskStore
    const s = hook.getState()
    return { json: JSON.stringify(s), holds: hook.holdsSecret(s) }
  })
}

export type AxeViolation = { id: string; impact: string; nodes: number; help: string }

/** axe-core's violations inside the element matching `include`. */
export async function axe(p: Page, include: string): Promise<AxeViolation[]> {
  // Evaluated through the devtools protocol: the page's CSP (rightly) refuses an inline <script>.
  if (!(await p.evaluate(() => 'axe' in window))) await p.evaluate(fs.readFileSync(AXE, 'utf8'))
  return p.evaluate(async (sel) => {
    const a = (window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: { id: string; impact: string; nodes: unknown[]; help: string }[] }> } }).axe
    const r = await a.run({ include: [sel] }, { resultTypes: ['violations'] })
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length, help: v.help }))
  }, include)
}

export const serious = (v: { impact: string }[]) => v.filter((x) => x.impact === 'serious' || x.impact === 'critical')
