export interface ScheduleEntry {
  start: string
  lts?: string
  maintenance?: string
  end: string
  codename?: string
}
export type Schedule = Record<string, ScheduleEntry>
export declare function supportedElectronMajors(versions: string[], count?: number): number[]
export declare function nodePhase(entry: ScheduleEntry | undefined, today: string): 'unknown' | 'unreleased' | 'end-of-life' | 'current' | 'active-lts' | 'maintenance-lts'
export declare function ltsLines(schedule: Schedule, today: string): { major: number; phase: string; end: string }[]
export declare function lowestMajor(range: string): number | null
export declare function runtimeReport(opts: {
  electron: string
  electronVersions: string[]
  node: { label: string; version: string }[]
  schedule: Schedule
  today: string
}): { ok: boolean; lines: string[] }
