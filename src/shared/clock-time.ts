// "HH:mm" of an instant in a zone, as luxon's toFormat('HH:mm') writes it. An agenda writes two per
// event, and luxon works out the zone's offset anew each time through Intl's formatToParts: 200
// agendas at once spent more CPU there than in the database. One Intl formatter per zone, kept.
const formatters = new Map<string, Intl.DateTimeFormat>();

/** Zones kept at once: a bound on memory, whatever zones users name. */
const MAX_ZONES = 200;

function formatterFor(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    if (formatters.size >= MAX_ZONES) formatters.clear();
    f = new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formatters.set(zone, f);
  }
  return f;
}

/** The wall-clock time of `ms` in `zone`, "HH:mm" (00–23 hours). Throws a RangeError for an unknown zone. */
export function clockTime(ms: number, zone: string): string {
  return formatterFor(zone).format(ms);
}
