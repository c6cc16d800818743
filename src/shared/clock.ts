/**
 * "Now" for every calendar computation: what "today" and "next week" mean,
 * quick add's dates, the agenda's range, when a digest is due, when an
 * authorization link or state expires.
 *
 * Deliberately NOT used for what the outside world times: Slack's request
 * signatures, OAuth token lifetimes (google-auth-library stamps them with the
 * system clock), caches and rate limits. Those stay on the system clock, so a
 * clock set to another day changes what the app computes, never whether Slack
 * or Google accept it.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/**
 * A clock that reads `start` when made and then advances with the system
 * clock: tests start the app "on" a chosen day, and time still passes.
 */
export function clockFrom(start: Date, system: () => number = Date.now): Clock {
  if (Number.isNaN(start.getTime())) throw new RangeError(`clockFrom: not a date: ${String(start)}`);
  const offset = start.getTime() - system();
  return { now: () => new Date(system() + offset) };
}
