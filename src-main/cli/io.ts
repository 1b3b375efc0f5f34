import { writeSync } from 'node:fs'
import { isatty } from 'node:tty'
import { UsageError } from './exit'

/** What a command may touch of the outside world; tests of the built CLI drive the real one. */
export interface Io {
  stdin: NodeJS.ReadStream
  stdout: NodeJS.WriteStream
  stderr: NodeJS.WriteStream
  env: NodeJS.ProcessEnv
}

/**
 * The process's streams, created on first use: node builds each one (and loads net for pipes)
 * only when touched, which is a real part of `tokendesk get`'s budget.
 */
export function processIo(): Io & { touched(): NodeJS.WriteStream[] } {
  const used = new Set<NodeJS.WriteStream>()
  return {
    get stdin() {
      return process.stdin
    },
    get stdout() {
      used.add(process.stdout)
      return process.stdout
    },
    get stderr() {
      used.add(process.stderr)
      return process.stderr
    },
    env: process.env,
    touched: () => [...used],
  }
}

export function out(io: Io, text: string): void {
  io.stdout.write(text.endsWith('\n') ? text : `${text}\n`)
}

export function printJson(io: Io, value: unknown): void {
  io.stdout.write(`${JSON.stringify(value, null, 2)}\n`)
}

/**
 * Writes to file descriptor 1 directly, for `get`: creating process.stdout for a pipe loads the
 * net module, a measurable share of the command's time. A non-blocking pipe that is full falls
 * back to the stream, which waits for it to drain.
 */
export function writeStdoutFast(text: string): void {
  const buf = Buffer.from(text, 'utf8')
  let off = 0
  try {
    while (off < buf.length) off += writeSync(1, buf, off)
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e
    process.stdout.write(buf.subarray(off))
  }
}

export const stdoutIsTTY = (): boolean => isatty(1)

const MAX_STDIN = 64 * 1024

/**
 * Reads a secret from standard input, never from argv (argv is visible to every user via ps and
 * lands in shell history). Piped input loses one trailing newline, as `echo` adds it; a terminal
 * gets a prompt on stderr with echo turned off.
 */
export async function readSecret(io: Io, prompt: string): Promise<string> {
  if (io.stdin.isTTY) return readHidden(io, prompt)
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of io.stdin as AsyncIterable<Buffer | string>) {
    const b = typeof chunk === 'string' ? Buffer.from(chunk) : chunk
    size += b.length
    if (size > MAX_STDIN) throw new UsageError('standard input is too large for a secret (over 64 KiB)')
    chunks.push(b)
  }
  let text = Buffer.concat(chunks).toString('utf8')
  if (text.endsWith('\r\n')) text = text.slice(0, -2)
  else if (text.endsWith('\n')) text = text.slice(0, -1)
  if (text.length === 0) {
    throw new UsageError('no secret on standard input; pipe it in, e.g. `printenv MY_TOKEN | tokendesk add ...`, or run in a terminal to be prompted')
  }
  return text
}

/** Raw mode keeps the terminal from echoing; we print nothing for the typed characters. */
function readHidden(io: Io, prompt: string): Promise<string> {
  const stdin = io.stdin
  io.stderr.write(prompt)
  return new Promise((resolve, reject) => {
    let value = ''
    const finish = (err: Error | null) => {
      stdin.setRawMode(false)
      stdin.pause()
      stdin.off('data', onData)
      io.stderr.write('\n')
      if (err) reject(err)
      else if (value.length === 0) reject(new UsageError('no secret was entered'))
      else resolve(value)
    }
    const onData = (data: Buffer | string) => {
      for (const ch of data.toString()) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') return finish(null)
        if (ch === '\u0003') return finish(new UsageError('cancelled'))
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1)
        else value += ch
      }
    }
    stdin.setRawMode(true)
    stdin.resume()
    stdin.on('data', onData)
  })
}
