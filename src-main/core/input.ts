import type { z } from 'zod'
import { invalid } from './errors'

/** Parses input with a schema and turns the first problem into a specific user-facing error. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const r = schema.safeParse(input)
  if (r.success) return r.data
  throw invalid(describeIssues(r.error.issues))
}

/** The first problem of a failed parse as one line: "field: message", the field named once. */
export function describeIssues(issues: readonly z.core.$ZodIssue[], fallback = 'invalid input'): string {
  const issue = issues[0]
  // "name: invalid name: …" says it twice: a message that already names its field goes alone.
  const field = issue?.path.at(-1)
  const named = typeof field === 'string' && issue!.message.toLowerCase().startsWith(`invalid ${field.toLowerCase()}`)
  const where = issue && issue.path.length > 0 && !named ? `${issue.path.join('.')}: ` : ''
  return `${where}${issue?.message ?? fallback}`
}
