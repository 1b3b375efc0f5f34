import type { HubStore } from './store'

/**
 * Demo data so a person can try the hub right away: user "demo" owns org "quantum-lab", where
 * "ada" is a plain member. Only demo's management token is returned (and printed once by the CLI);
 * ada gets none, an operator can issue one with `issueManagementToken`.
 */
export const DEMO_USER = 'demo'
export const DEMO_MEMBER = 'ada'
export const DEMO_ORG = 'quantum-lab'

export interface SeedResult {
  user: string
  managementToken: string
}

export function seedDemo(store: HubStore, now: number): SeedResult {
  return store.transaction(() => {
    const demo = store.createUser(DEMO_USER, now)
    const ada = store.createUser(DEMO_MEMBER, now)
    store.createOrg(DEMO_ORG, now)
    store.setMembership(DEMO_ORG, demo.id, 'owner')
    store.setMembership(DEMO_ORG, ada.id, 'member')
    const { secret } = store.insertToken({
      user_id: demo.id,
      kind: 'management',
      name: 'management',
      scopes: ['*'],
      created_at: now,
      expires_at: null,
    })
    return { user: DEMO_USER, managementToken: secret }
  })
}
