import { z } from 'zod';
import { splitArgs } from '../text/args.js';
import { splitWhen } from '../events/when.js';
import type { ExportFormat } from './types.js';

/** `/calstack export [client] [calendar] [when] [csv]` as read, before anything is looked up. */
export interface ExportCommand {
  /** null: the user's default client. */
  client: string | null;
  /** null: the client's primary calendar. */
  calendar: string | null;
  /** '' : from today for EXPORT_DEFAULT_DAYS. */
  when: string;
  format: ExportFormat;
}

const FORMAT_WORD = /^(ics|csv|ical|icalendar)$/i;

const command = z.object({
  client: z.string().min(1).nullable(),
  calendar: z.string().min(1).nullable(),
  when: z.string(),
  format: z.enum(['ics', 'csv']),
});

/**
 * The last word may name the format; the longest tail that reads as a range is the range; the
 * first word left is the client (quote a name of several words), the rest the calendar.
 */
export function parseExportCommand(text: string): ExportCommand {
  const words = splitArgs(text).filter(Boolean);
  const last = words.at(-1);
  const format = last && FORMAT_WORD.test(last) ? (last.toLowerCase() === 'csv' ? 'csv' : 'ics') : 'ics';
  if (last && FORMAT_WORD.test(last)) words.pop();
  const { rest, when } = splitWhen(words);
  const [client, ...calendar] = rest;
  return command.parse({ client: client ?? null, calendar: calendar.length ? calendar.join(' ') : null, when, format });
}
