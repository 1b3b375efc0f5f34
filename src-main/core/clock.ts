/** The clock is passed in so every time-dependent rule can be tested deterministically. */
export type Clock = () => number
export const systemClock: Clock = () => Date.now()
