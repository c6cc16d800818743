import type { DateTime } from 'luxon';

// Luxon types toISO() as nullable because an invalid DateTime has no ISO form. Where
// a DateTime is built from values already validated, an invalid one is our bug: say
// which, rather than letting `null` travel on as a date.
export function isoOf(dt: DateTime): string {
  const iso = dt.toISO();
  if (iso === null) throw new Error(`invalid date: ${dt.invalidExplanation ?? dt.invalidReason ?? 'unknown'}`);
  return iso;
}

export function isoDateOf(dt: DateTime): string {
  const iso = dt.toISODate();
  if (iso === null) throw new Error(`invalid date: ${dt.invalidExplanation ?? dt.invalidReason ?? 'unknown'}`);
  return iso;
}
