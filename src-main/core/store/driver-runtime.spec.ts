import { describe, expect, it } from 'vitest'
import { REQUIRED_NODE_API, driverRuntimeProblem } from './driver-runtime'

describe('driverRuntimeProblem', () => {
  it('accepts Node-API 10 and newer (Node 22.14+, 24, Electron 45)', () => {
    expect(driverRuntimeProblem({ napi: '10', node: '22.14.0' })).toBeNull()
    expect(driverRuntimeProblem({ napi: '10', node: '24.22.3', electron: '45.5.0' })).toBeNull()
    expect(driverRuntimeProblem({ napi: '11', node: '26.0.0' })).toBeNull()
  })

  it('refuses an older Node-API with the versions and what to do, instead of the crash', () => {
    const m = driverRuntimeProblem({ napi: '9', node: '22.12.0' })
    expect(m).toContain('Node-API 10')
    expect(m).toContain('Node.js 22.12.0 with Node-API 9')
    expect(m).toContain('22.14 or newer')
    expect(driverRuntimeProblem({ node: '1.0.0' })).toContain('Node-API unknown')
  })

  it('this test runtime passes (the suite itself runs on a supported Node)', () => {
    expect(Number(process.versions.napi)).toBeGreaterThanOrEqual(REQUIRED_NODE_API)
    expect(driverRuntimeProblem(process.versions)).toBeNull()
  })
})
