import { createInterface } from 'node:readline'
import type { Io } from './io'

/** Asks a yes/no question at the terminal; anything but y/yes (or a closed input) is no. */
export function confirm(io: Io, question: string): Promise<boolean> {
  const rl = createInterface({ input: io.stdin, output: io.stderr })
  return new Promise((resolve) => {
    let answered = false
    rl.question(question, (answer) => {
      answered = true
      rl.close()
      resolve(/^y(es)?$/i.test(answer.trim()))
    })
    rl.on('close', () => !answered && resolve(false))
  })
}
