import { z } from 'zod'

const DAY = 24 * 60 * 60 * 1000

/** User settings, stored as JSON in SQLite. Parsing fills defaults, so old rows stay valid. */
export const SettingsSchema = z.object({
  /** How close to expiry a token counts as "expiring" (amber) and shows in the banner. */
  expiringWindowDays: z.number().int().min(1).max(90).default(7),
  /** Reminder lead times before expiry, in ms; 0 means "at expiry". */
  reminderLeadTimesMs: z
    .array(z.number().int().min(0).max(90 * DAY))
    .max(6)
    .default([7 * DAY, DAY, 0]),
  clipboardClearSeconds: z.number().int().min(5).max(600).default(30),
  theme: z.enum(['light', 'dark', 'system']).default('system'),
  openAtLogin: z.boolean().default(false),
  /**
   * Linux only: keep running (for reminders) after the window closes. Off by default because a
   * Linux desktop may not show tray icons, which would leave a process the user cannot reach.
   */
  linuxKeepRunningInBackground: z.boolean().default(false),
  /** How often the app syncs connected platforms, in minutes; 0 turns scheduled sync off. */
  syncIntervalMinutes: z
    .number()
    .int()
    .min(0)
    .max(24 * 60, 'syncIntervalMinutes is at most 1440 (a day)')
    .refine((m) => m === 0 || m >= 5, 'syncIntervalMinutes is 0 (off) or at least 5')
    .default(60),
})
export type Settings = z.infer<typeof SettingsSchema>
export const SettingsPatchSchema = SettingsSchema.partial().strict()
export type SettingsPatch = z.infer<typeof SettingsPatchSchema>

export const DEFAULT_SETTINGS: Settings = SettingsSchema.parse({})
