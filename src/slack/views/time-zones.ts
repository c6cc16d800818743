import { DateTime } from 'luxon';

let zones: string[] | undefined;

/** Every IANA zone this runtime knows, UTC first. */
export function allTimeZones(): string[] {
  zones ??= ['UTC', ...Intl.supportedValuesOf('timeZone').filter((z) => z !== 'UTC')];
  return zones;
}

/** "Europe/Paris (UTC+01:00)": the offset the zone has at `at`, which moves with DST. */
export function zoneLabel(zone: string, at: Date): string {
  const offset = DateTime.fromJSDate(at, { zone }).toFormat('ZZ');
  return `${zone.replace(/_/g, ' ')} (UTC${offset})`;
}

export const zoneOption = (zone: string, at: Date) => ({ text: { type: 'plain_text' as const, text: zoneLabel(zone, at) }, value: zone });

/** Options for the searchable time zone select: matches on any part of the name, at most 100. */
export function timeZoneOptions(query: string, at: Date) {
  const q = query.trim().toLowerCase().replace(/\s+/g, '_');
  const matches = allTimeZones().filter((z) => z.toLowerCase().includes(q));
  return { options: matches.slice(0, 100).map((zone) => zoneOption(zone, at)) };
}
