/**
 * AWS IAM access keys in real Chromium against the real core (loopback transport, real keychain),
 * AWS's own SDK and the fake of IAM/STS (test/fakes/aws-iam.ts: the Query protocol, SigV4 checked):
 * connect with the key id, generate an Amazon Braket provider token, check, revoke and delete on
 * AWS first, and the two-keys quota in the dialog.
 *   scripts/with-keyring.sh npx vitest run -c vitest.e2e.config.mts test/e2e/aws-flows.e2e.ts
 */
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFakeAwsIam, type FakeAwsIam } from '../fakes/aws-iam'
import { screenshot, type Harness } from './harness'
import { coreOf, row, rowMenu, startReady, stopDisconnected } from './app-helpers'
import { axe, serious, storeSnapshot } from './page-checks'

let h: Harness
let page: Page
let aws: FakeAwsIam
let mgmt: { accessKeyId: string; secretAccessKey: string }

const core = () => coreOf(h)
beforeAll(async () => {
  aws = await startFakeAwsIam()
  mgmt = aws.addUser('alice')
  h = await startReady()
  page = h.page
})

afterAll(async () => {
  await stopDisconnected(h)
  await aws?.close()
})

describe('AWS IAM access keys in the app', () => {
  it('connects with the access key id and the secret; neither secret reaches the page', async () => {
    await page.getByRole('tab', { name: 'Connections' }).click()
    await page.getByTestId('connections-view').getByRole('button', { name: 'Connect a platform' }).click()
    const d = page.getByTestId('connect-dialog')
    await d.getByLabel('Platform', { exact: true }).selectOption('aws-iam')
    await d.getByLabel(/^Platform URL/).fill(aws.url)
    await d.getByLabel('AWS secret access key').fill(mgmt.secretAccessKey)
    await d.getByRole('button', { name: 'Connect', exact: true }).click()
    await d.getByText('the access key id starts with AKIA').waitFor()
    expect(core().connections.list()).toEqual([])
    await d.getByLabel('Access key ID').fill(mgmt.accessKeyId)
    expect(serious(await axe(page, '[data-testid=connect-dialog]'))).toEqual([])
    await screenshot(page, 'aws-connect-dialog')
    await d.getByRole('button', { name: 'Connect', exact: true }).click()
    await d.waitFor({ state: 'detached' })
    const tr = page.locator('tr[data-connection-id]', { hasText: 'aws-iam' })
    await tr.waitFor()
    expect(await tr.textContent()).toContain(`arn:aws:iam::${aws.account}:user/alice`)
    expect(await page.content()).not.toContain(mgmt.secretAccessKey)
    expect((await storeSnapshot(page)).json).not.toContain(mgmt.secretAccessKey)
  })

  it('generates an Amazon Braket key (no expiry), shown once; the quota’s refusal is shown in the dialog', async () => {
    await page.getByRole('tab', { name: 'Provider tokens' }).click()
    await page.getByTestId('empty-state').getByRole('button', { name: 'Generate token' }).click()
    const d = page.getByTestId('generate-dialog')
    await d.getByRole('heading', { name: 'Generate an AWS access key' }).waitFor()
    expect(await d.textContent()).toContain('AWS IAM keys do not expire')
    expect(await d.getByRole('radio').count()).toBe(0)
    await d.getByLabel('Name', { exact: true }).fill('braket-jobs')
    expect(serious(await axe(page, '[data-testid=generate-dialog]'))).toEqual([])
    await screenshot(page, 'aws-generate-dialog')
    await d.getByRole('button', { name: 'Generate token' }).click()
    const once = page.getByTestId('secret-once')
    await once.waitFor()
    const secret = (await once.locator('code.secret').textContent()) ?? ''
    const key = aws.keys.find((k) => k.secretAccessKey === secret)!
    expect(key.userName).toBe('alice')
    await once.getByRole('button', { name: 'Done' }).click()
    await once.waitFor({ state: 'detached' })
    expect(await page.content()).not.toContain(secret)
    await row(page, 'braket-jobs').waitFor()
    expect(core().vault.list({ search: 'braket-jobs' }).items[0]).toMatchObject({ kind: 'provider', platform: 'aws-braket', fields: { aws_access_key_id: key.accessKeyId }, expiresAt: null })

    // A third key for alice: AWS's quota, in AWS's words and TokenDesk's.
    await page.locator('.list-toolbar').getByRole('button', { name: 'Generate token' }).click()
    const again = page.getByTestId('generate-dialog')
    await again.getByLabel('Name', { exact: true }).fill('third-key')
    await again.getByRole('button', { name: 'Generate token' }).click()
    const err = again.locator('.form-error[role=alert]')
    await err.waitFor()
    expect(await err.textContent()).toMatch(/AWS allows two access keys per IAM user.*revoke and delete one of them first/)
    await screenshot(page, 'aws-quota-refused')
    await page.keyboard.press('Escape')
    await again.waitFor({ state: 'detached' })
  })

  it('checks, revokes and deletes on AWS first', async () => {
    const keyId = core().vault.list({ search: 'braket-jobs' }).items[0]!.remoteId!
    await rowMenu(page, 'braket-jobs', 'Check with platform')
    await page.locator('.toast', { hasText: 'The token works' }).waitFor()
    await rowMenu(page, 'braket-jobs', 'Revoke…')
    const confirm = page.getByTestId('confirm')
    expect(await confirm.textContent()).toContain('TokenDesk revokes braket-jobs on AWS IAM first')
    await confirm.getByRole('button', { name: 'Revoke' }).click()
    await row(page, 'braket-jobs').locator('.chip[data-status=revoked]').waitFor()
    expect(aws.keys.find((k) => k.accessKeyId === keyId)!.status).toBe('Inactive')
    await screenshot(page, 'aws-revoked')
    await rowMenu(page, 'braket-jobs', 'Delete permanently…')
    await page.getByTestId('confirm').getByRole('button', { name: 'Delete permanently' }).click()
    await row(page, 'braket-jobs').waitFor({ state: 'detached' })
    expect(aws.keys.some((k) => k.accessKeyId === keyId)).toBe(false)
  })
})
