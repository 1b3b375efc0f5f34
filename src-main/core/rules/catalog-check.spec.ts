import { describe, expect, it } from 'vitest'
import { CATALOG, catalogEntry, platformName } from '../platform-catalog'
import { QISKIT_CHANNELS } from '../sdk-config/qiskit-ibm-json'
import { KNOWN_PLATFORMS, KNOWN_PROVIDERS } from '../vocabulary'
import { checkFieldNames, checkPlatform, missingRequired } from './catalog-check'

describe('the catalog', () => {
  it('has an entry with a name for every known platform and provider, and no other', () => {
    expect(CATALOG.filter((e) => e.kind === 'personal').map((e) => e.slug).sort()).toEqual([...KNOWN_PLATFORMS].sort())
    expect(CATALOG.filter((e) => e.kind === 'provider').map((e) => e.slug).sort()).toEqual([...KNOWN_PROVIDERS].sort())
    expect(platformName('kipu-hub')).toBe('Kipu Quantum Hub')
    expect(platformName('ibm-quantum')).toBe('IBM Quantum')
    expect(platformName('my-lab')).toBe('my-lab')
    // The channels offered are the ones the qiskit writer accepts (not the retired ibm_quantum).
    expect(catalogEntry('ibm-quantum')!.fields.find((f) => f.key === 'channel')!.options).toEqual(QISKIT_CHANNELS)
  })
})

describe('checkPlatform', () => {
  it('refuses a typo with the nearest known slug, and takes it with custom', () => {
    expect(() => checkPlatform('personal', 'plankq', false)).toThrow(/unknown platform "plankq"; did you mean planqk \(PLANQK\)\?.*--custom/)
    expect(() => checkPlatform('provider', 'ibm-quantm', false)).toThrow(/unknown provider "ibm-quantm"; did you mean ibm-quantum \(IBM Quantum\)\?/)
    expect(() => checkPlatform('personal', 'plankq', true)).not.toThrow()
  })
  it('offers no guess for a name far from every known one', () => {
    expect(() => checkPlatform('personal', 'my-lab', false)).toThrow(/^unknown platform "my-lab"; `tokendesk platforms` lists/)
  })
  it('points a provider given as a platform (and the other way round) to the right option, even with custom', () => {
    expect(() => checkPlatform('personal', 'ibm-quantum', true)).toThrow('ibm-quantum is a provider (IBM Quantum); use --provider ibm-quantum')
    expect(() => checkPlatform('provider', 'qualytics', false)).toThrow('qualytics is a platform (Qualytics); use --platform qualytics')
  })
  it('files a service token under a platform, not a provider', () => {
    expect(() => checkPlatform('service', 'qualytics', false)).not.toThrow()
    expect(() => checkPlatform('service', 'ionq', false)).toThrow('ionq is a provider (IonQ); use --provider ionq')
    expect(() => checkPlatform('service', 'qualytcs', false)).toThrow(/did you mean qualytics/)
  })
  it('accepts every known slug of its kind', () => {
    for (const e of CATALOG) expect(() => checkPlatform(e.kind, e.slug, false)).not.toThrow()
  })
})

describe('checkFieldNames', () => {
  it('refuses an unknown field of a known platform with the nearest, and takes it with custom', () => {
    expect(() => checkFieldNames('provider', 'aws-braket', ['aws_acess_key_id'], false)).toThrow(/AWS Braket has no field "aws_acess_key_id"; did you mean aws_access_key_id\? its fields are aws_access_key_id; add --custom/)
    expect(() => checkFieldNames('provider', 'ionq', ['region'], false)).toThrow(/IonQ has no field "region"; it takes no fields/)
    expect(() => checkFieldNames('provider', 'aws-braket', ['aws_acess_key_id'], true)).not.toThrow()
  })
  it('takes a service token’s service_account beside its platform’s fields, and only for that kind', () => {
    expect(() => checkFieldNames('service', 'qualytics', ['service_account', 'url'], false)).not.toThrow()
    expect(() => checkFieldNames('personal', 'qualytics', ['service_account'], false)).toThrow(/Qualytics has no field "service_account"; its fields are url/)
  })
  it('takes any field of a custom platform', () => {
    expect(() => checkFieldNames('personal', 'my-lab', ['anything'], false)).not.toThrow()
  })
})

describe('missingRequired', () => {
  it('names the required fields a token lacks', () => {
    expect(missingRequired('personal', 'qualytics', {}).map((f) => f.key)).toEqual(['url'])
    expect(missingRequired('personal', 'qualytics', { url: 'https://q.example.com/api' })).toEqual([])
    expect(missingRequired('provider', 'ibm-quantum', {})).toEqual([])
    expect(missingRequired('service', 'qualytics', {}).map((f) => f.key)).toEqual(['service_account', 'url'])
  })
})
