import { IMPORT_LIMITS, type ImportFileOptions, type ImportFormat, type ParsedImport } from './types.js';

/** The format a file's name (or Slack's `filetype`) says it is, or null for anything else. */
export function importFormatOf(name: string, filetype?: string | null): ImportFormat | null {
  const ext = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase() ?? filetype?.toLowerCase() ?? '';
  if (ext === 'ics' || ext === 'ical' || ext === 'ifb' || ext === 'icalendar') return 'ics';
  if (ext === 'csv') return 'csv';
  return null;
}

/** Why a file of `bytes` is refused before it is read, or null when its size is within the limits. */
export function sizeProblem(bytes: number): string | null {
  return bytes > IMPORT_LIMITS.maxBytes
    ? `The file is ${(bytes / 1024 / 1024).toFixed(1)} MB; one import takes at most ${IMPORT_LIMITS.maxBytes / 1024 / 1024} MB. Split it into smaller files.`
    : null;
}

/**
 * Reads an import file of either format into events and problems, within the documented limits
 * (a file over them is one problem and nothing else). Never throws. Each format's parser is loaded
 * at its first use, not at every start: iCalendar's (ical.js, windows-iana) is ~0.4 MB of code that
 * `npm start` read and evaluated before it answered (issue 18).
 */
export async function parseImportFile(content: string, format: ImportFormat, options: ImportFileOptions): Promise<ParsedImport> {
  const tooBig = sizeProblem(Buffer.byteLength(content));
  if (tooBig) return { items: [], problems: [{ source: 'file', reason: tooBig }] };
  const parsed = format === 'csv' ? (await import('./csv.js')).parseCsv(content, options) : (await import('./ics.js')).parseIcs(content, options);
  const events = parsed.items.filter((i) => i.kind === 'event').length;
  if (events > IMPORT_LIMITS.maxEvents) {
    return { items: [], problems: [{ source: 'file', reason: `The file holds ${events} events; one import takes at most ${IMPORT_LIMITS.maxEvents}. Split it into smaller files.` }] };
  }
  return parsed;
}
