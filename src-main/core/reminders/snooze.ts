import { z } from 'zod'
import { invalid } from '../errors'
import { DAY_MS } from '../rules/status'
import { HOUR_MS } from './plan'

export const SNOOZE_CHOICES = ['1h', '1d'] as const
/** Validates the choice when it arrives from the notification action or the UI. */
export const SnoozeChoiceSchema = z.enum(SNOOZE_CHOICES, { error: 'snooze for 1h or 1d' })
export type SnoozeChoice = z.infer<typeof SnoozeChoiceSchema>

const SNOOZE_MS: Record<SnoozeChoice, number> = { '1h': HOUR_MS, '1d': DAY_MS }

/** Like lead times, snoozes are absolute durations: "1d" is 24 h even across a DST change. */
export function snoozeUntil(now: number, choice: SnoozeChoice): number {
  const parsed = SnoozeChoiceSchema.safeParse(choice)
  if (!parsed.success) throw invalid('snooze for 1h or 1d')
  return now + SNOOZE_MS[parsed.data]
}
