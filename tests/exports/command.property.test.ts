import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseExportCommand } from '../../src/core/exports/command.js';
import { parseWhen } from '../../src/core/events/when.js';
import { EXPORT_DEFAULT_DAYS, EXPORT_MAX_DAYS } from '../../src/core/exports/types.js';
import { quickly, runs, userText } from '../core/properties/arbitraries.js';

describe('/calstack export arguments', () => {
  it('reads client, calendar, range and format, each optional', () => {
    expect(parseExportCommand('')).toEqual({ client: null, calendar: null, when: '', format: 'ics' });
    expect(parseExportCommand('acme')).toEqual({ client: 'acme', calendar: null, when: '', format: 'ics' });
    expect(parseExportCommand('acme csv')).toEqual({ client: 'acme', calendar: null, when: '', format: 'csv' });
    expect(parseExportCommand('acme next month')).toEqual({ client: 'acme', calendar: null, when: 'next month', format: 'ics' });
    expect(parseExportCommand('"Acme Corp" Team Events 2030-01-01..2030-06-30 CSV')).toEqual({ client: 'Acme Corp', calendar: 'Team Events', when: '2030-01-01..2030-06-30', format: 'csv' });
    expect(parseExportCommand('acme work this week ics')).toEqual({ client: 'acme', calendar: 'work', when: 'this week', format: 'ics' });
    expect(parseExportCommand('next week')).toEqual({ client: null, calendar: null, when: 'next week', format: 'ics' });
  });

  it('defaults to 90 days from today, and reads up to a year', () => {
    const opts = { now: new Date('2030-03-01T09:00:00Z'), zone: 'Europe/Paris', defaultDays: EXPORT_DEFAULT_DAYS, maxDays: EXPORT_MAX_DAYS };
    const fallback = parseWhen('', opts);
    expect(fallback).toMatchObject({ start: new Date('2030-02-28T23:00:00Z'), end: new Date('2030-05-29T22:00:00Z') });
    expect(parseWhen('2030-01-01..2030-12-31', opts)).not.toHaveProperty('error');
    expect(parseWhen('2030-01-01..2031-01-02', opts)).toMatchObject({ error: expect.stringContaining(`at most ${EXPORT_MAX_DAYS} days`) });
  });

  it('for any text: never throws, and what it reads comes from the text', () => {
    fc.assert(
      fc.property(userText(), (text) => {
        const command = quickly(() => parseExportCommand(text));
        expect(['ics', 'csv']).toContain(command.format);
        if (command.format === 'csv') expect(text.toLowerCase()).toContain('csv');
        for (const part of [command.client, command.calendar, command.when]) {
          if (part) for (const word of part.split(' ')) expect(text.toLowerCase()).toContain(word.toLowerCase());
        }
        if (command.calendar) expect(command.client).not.toBeNull();
      }),
      runs(400),
    );
  });
});
