import { EventEmitter } from 'node:events'
import { describe, expect, it } from 'vitest'
import { brokerPort, type BrokerChild } from './broker-child'

const fakeChild = () => {
  const e = new EventEmitter() as EventEmitter & BrokerChild & { posted: unknown[] }
  e.posted = []
  e.postMessage = (m: unknown) => void e.posted.push(m)
  e.kill = () => true
  return e
}

describe('brokerPort', () => {
  it('a fatal error in the broker ends it like an exit, once, and never throws in main', () => {
    const child = fakeChild()
    const port = brokerPort(child)
    const ends: string[] = []
    port.onExit((why) => ends.push(why))
    expect(() => child.emit('error', 'FatalError', 'somewhere', 'report')).not.toThrow()
    child.emit('exit', 134)
    expect(ends).toEqual(['error FatalError'])
  })

  it('queues calls until the process has started, then sends them in order', () => {
    const child = fakeChild()
    const port = brokerPort(child)
    const req = (id: number) => ({ id, op: 'get' as const, service: 's', account: `a${id}` })
    port.send(req(1))
    port.send(req(2))
    expect(child.posted).toEqual([])
    child.emit('spawn')
    port.send(req(3))
    expect(child.posted).toEqual([req(1), req(2), req(3)])
  })
})
