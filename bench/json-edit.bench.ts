/**
 * The JSON editor behind `config write` for qiskit-ibm.json and the PlanQK config, and behind
 * `delete --remove-from-configs`: one write and one removal in a saved-accounts file of 50
 * accounts (about 10 KB), and one write into a 1 MB file. Run with `npx tsx bench/json-edit.bench.ts`.
 * Printed only; no test asserts timings. Target: a write stays far below what the file write and
 * its fsync cost (~1 ms), so the editor never shows in `config write`.
 */
import { renderQiskitIbmConfig } from '../src-main/core/sdk-config/qiskit-ibm-json'
import { removeEntryText } from '../src-main/core/sdk-config/remove-entry'

const account = (i: number) => ({ channel: 'ibm_quantum_platform', instance: `crn:v1:bluemix:public:quantum-computing:us-east:a/${i}::`, private_endpoint: false, token: `TOKEN-${i}-${'x'.repeat(40)}` })
const file = (n: number) => JSON.stringify(Object.fromEntries(Array.from({ length: n }, (_, i) => [`lab-${i}`, account(i)])), null, 4) + '\n'
const small = file(50)
const big = file(5_000)

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
function time(label: string, runs: number, f: () => unknown): void {
  for (let i = 0; i < Math.min(50, runs); i++) f()
  const samples: number[] = []
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint()
    f()
    samples.push(Number(process.hrtime.bigint() - t) / 1e6)
  }
  console.log(`${label}: median ${median(samples).toFixed(3)} ms over ${runs} runs`)
}

console.log(`files: ${(small.length / 1024).toFixed(1)} KB, ${(big.length / 1024 / 1024).toFixed(2)} MB`)
time('write an account into a 50-account file', 2_000, () => renderQiskitIbmConfig(small, { name: 'lab-25', token: 'NEW-TOKEN' }, '/f'))
time('add a new account to a 50-account file', 2_000, () => renderQiskitIbmConfig(small, { name: 'new-lab', token: 'NEW-TOKEN' }, '/f'))
time('remove an account from a 50-account file', 2_000, () => removeEntryText('qiskit-ibm-json', small, 'lab-25', '/f'))
time('write an account into a 5,000-account file (1 MB)', 100, () => renderQiskitIbmConfig(big, { name: 'lab-2500', token: 'NEW-TOKEN' }, '/f'))
