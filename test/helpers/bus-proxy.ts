import net from 'node:net'
import path from 'node:path'
import { sessionBusAddress } from '../../src-main/core/secrets/session-bus'

export interface RecordingBusProxy {
  /** The proxy's D-Bus address, for a client to connect to instead of the session bus. */
  address: string
  /**
   * In order: for each write of a client that carried any of the markers, those markers joined
   * with "+"; "answered" for each write of the bus back.
   */
  events: string[]
  close(): void
}

/** A proxy on a Unix socket in `dir` to this process's session bus that records who said what, and when. */
export async function recordingBusProxy(dir: string, markers: readonly string[]): Promise<RecordingBusProxy> {
  const busPath = /unix:path=([^,;]+)/.exec(sessionBusAddress() ?? '')?.[1]
  if (!busPath) throw new Error('no session bus at a unix path to proxy')
  const socket = path.join(dir, `recording-bus-proxy-${Math.random().toString(36).slice(2)}`)
  const events: string[] = []
  const sockets: net.Socket[] = []
  const server = net.createServer((client) => {
    const bus = net.createConnection(busPath)
    sockets.push(client, bus)
    client.on('data', (d: Buffer) => {
      const sent = markers.filter((m) => d.includes(m))
      if (sent.length) events.push(sent.join('+'))
      bus.write(d)
    })
    bus.on('data', (d: Buffer) => {
      events.push('answered')
      client.write(d)
    })
    client.on('error', () => bus.destroy())
    client.on('close', () => bus.destroy())
    bus.on('error', () => client.destroy())
  })
  await new Promise<void>((r) => server.listen(socket, r))
  return {
    address: `unix:path=${socket}`,
    events,
    close() {
      for (const s of sockets) s.destroy()
      server.close()
    },
  }
}
