/**
 * Tests that use the real keychain must run inside scripts/with-keyring.sh (npm test does).
 * Failing loudly here beats silently writing into a developer's own keychain or skipping.
 */
export function requireSecretService(): void {
  if (process.platform === 'linux' && process.env.TOKENDESK_IN_PRIVATE_KEYRING !== '1') {
    throw new Error('this test needs the private Secret Service: run it through `npm run test:unit` (scripts/with-keyring.sh)')
  }
}
