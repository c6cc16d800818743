import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/core/imports/csv.js';
import { parseImportFile } from '../../src/core/imports/parse.js';
import { IMPORT_LIMITS, type ImportedEvent } from '../../src/core/imports/types.js';
import { quickly, runs, userText } from '../core/properties/arbitraries.js';

const options = { defaultTimeZone: 'Europe/London' };
const events = (csv: string) => parseCsv(csv, options).items as ImportedEvent[];

describe('parseCsv', () => {
  it('reads the sample file: timed, all-day (last day inclusive), multi-line cells, guests, recurrence, uid', () => {
    const parsed = parseCsv(readFileSync('docs/import-sample.csv', 'utf8'), options);
    expect(parsed.problems).toEqual([]);
    const [board, offsite, weekly, dentist] = parsed.items as ImportedEvent[];
    expect(board?.input).toMatchObject({
      title: 'Board meeting',
      start: { dateTime: '2027-01-12T15:00:00+01:00' },
      end: { dateTime: '2027-01-12T16:30:00+01:00' },
      timeZone: 'Europe/Paris',
      location: 'Room 4',
      description: 'Quarterly review\nBring the figures',
      attendees: ['ceo@example.com', 'cfo@example.com'],
    });
    expect(offsite?.input).toMatchObject({ start: { date: '2027-02-03' }, end: { date: '2027-02-06' }, timeZone: 'Europe/London' });
    expect(weekly?.input.recurrence).toEqual(['RRULE:FREQ=WEEKLY;BYDAY=MO;COUNT=10']);
    expect(dentist?.input).toMatchObject({ start: { dateTime: '2027-01-20T08:15:00+00:00' }, end: { dateTime: '2027-01-20T09:15:00+00:00' } });
    expect(parsed.items.map((i) => i.source)).toEqual(['line 2', 'line 4', 'line 5', 'line 6']);
    for (const item of parsed.items) expect((item as ImportedEvent).id).toMatch(/^[a-v0-9]{5,1024}$/);
  });

  it('takes headers in any case and spacing, other names for them, a BOM and semicolons', () => {
    const [event] = events('\ufeffSUBJECT;Start_Date;End Date;TimeZone\nLunch;2027-03-01T12:00;2027-03-01 13:00;Asia/Tokyo\n');
    expect(event?.input).toMatchObject({ title: 'Lunch', start: { dateTime: '2027-03-01T12:00:00+09:00' }, end: { dateTime: '2027-03-01T13:00:00+09:00' } });
  });

  it('gives the same id to the same row again and derives it from the uid when there is one', () => {
    const csv = 'title,start,uid\nA,2027-01-01 10:00,u-1\nB,2027-01-01 10:00,\n';
    const [a1, b1] = events(csv);
    const [a2, b2] = events(csv.replace('A,', 'A renamed,'));
    expect(a2?.id).toBe(a1?.id);
    expect(b2?.id).toBe(b1?.id);
    expect(a1?.id).not.toBe(b1?.id);
  });

  it('lists each bad row with its line and why, and still reads the good ones', () => {
    const csv = [
      'title,start,end,time zone,guests,all day',
      'Fine,2027-01-01 10:00,2027-01-01 11:00,,,',
      ',2027-01-01 10:00,,,,',
      'No start,,,,,',
      'Bad date,next tuesday,,,,',
      'Bad zone,2027-01-01 10:00,,Mars/Olympus,,',
      'Backwards,2027-01-01 10:00,2027-01-01 09:00,,,',
      'Bad guest,2027-01-01 10:00,,,bob-at-example,',
      '"Multi',
      'line",2027-13-01,,,,',
      'Bad flag,2027-01-01,,,,maybe',
      'Fine,2027-01-01 10:00,2027-01-01 11:00,,,',
    ].join('\n');
    const parsed = parseCsv(csv, options);
    expect(parsed.items.map((i) => i.source)).toEqual(['line 2']);
    expect(parsed.problems.map((p) => p.source)).toEqual(['line 3', 'line 4', 'line 5', 'line 6', 'line 7', 'line 8', 'line 9', 'line 11', 'line 12']);
    const reasons = parsed.problems.map((p) => p.reason);
    expect(reasons[0]).toBe('No title.');
    expect(reasons[1]).toBe('No start.');
    expect(reasons[2]).toContain('"next tuesday" is not a date');
    expect(reasons[3]).toContain('Unknown time zone "Mars/Olympus"');
    expect(reasons[4]).toContain('before it starts');
    expect(reasons[5]).toContain('"bob-at-example" is not an email');
    expect(reasons[6]).toContain('"2027-13-01" is not a date');
    expect(reasons[7]).toContain('use yes or no');
    expect(reasons[8]).toContain('same event as line 2');
  });

  it('refuses a file without the required columns, an unclosed quote, or more events than the limit, as a whole', () => {
    expect(parseCsv('name,when\nA,2027-01-01\n', options).problems).toEqual([{ source: 'file', reason: expect.stringContaining('no start column') }]);
    expect(parseCsv('title,start\n"A,2027-01-01\n', options).problems).toEqual([{ source: 'file', reason: expect.stringContaining('quotes closed') }]);
    expect(parseCsv('', options).problems[0]?.source).toBe('file');
    const rows = Array.from({ length: IMPORT_LIMITS.maxEvents + 1 }, (_, i) => `E${i},2027-01-01 10:00`);
    const over = parseCsv(`title,start\n${rows.join('\n')}`, options);
    expect(over).toEqual({ items: [], problems: [{ source: 'file', reason: expect.stringContaining('at most 5000') }] });
  });

  it('refuses a file over the size limit before reading it', async () => {
    const big = `title,start\n${'x'.repeat(IMPORT_LIMITS.maxBytes)}`;
    await expect(parseImportFile(big, 'csv', options)).resolves.toEqual({ items: [], problems: [{ source: 'file', reason: expect.stringContaining('at most 5 MB') }] });
  });

  it('never throws and returns quickly for any text, every event well formed, every problem with a source', () => {
    const cell = fc.oneof(userText(40), fc.constantFrom('2027-01-01', '2027-01-01 10:00', 'yes', 'Europe/Paris', '"a,b"', '"x\ny"', 'a@b.co;c@d.io', ''));
    const csvLike = fc
      .tuple(fc.array(fc.array(cell, { maxLength: 6 }), { maxLength: 8 }), fc.constantFrom('\n', '\r\n'))
      .map(([rows, eol]) => ['title,start,end,all day,time zone,guests', ...rows.map((r) => r.join(','))].join(eol));
    fc.assert(
      fc.property(fc.oneof(userText(), csvLike), (text) => {
        const parsed = quickly(() => parseCsv(text, options));
        for (const problem of parsed.problems) expect(problem.source).toMatch(/^(file|line \d+)$/);
        for (const item of parsed.items as ImportedEvent[]) {
          expect(item.id).toMatch(/^[a-v0-9]{5,1024}$/);
          expect(item.input.title.trim()).not.toBe('');
          const [from, to] = [item.input.start, item.input.end].map((t) => Date.parse(t.dateTime ?? `${t.date}T00:00:00Z`));
          expect(to).toBeGreaterThanOrEqual(from ?? 0);
        }
      }),
      runs(400),
    );
  });
});
