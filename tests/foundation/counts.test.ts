// Counts shown to users agree with their noun: "1 event", "2 events".
import { DateTime } from 'luxon';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { event } from '../core/fixtures.js';
import { buildAgenda } from '../../src/core/stack/agenda.js';
import { agendaMessage, conflictsMessage } from '../../src/slack/views/agenda.js';
import { count } from '../../src/shared/plural.js';
import type { Client } from '../../src/core/clients/types.js';
import { visibleText } from '../harness/visible.js';

const zone = 'Europe/Paris';
const range = { zone, start: DateTime.fromISO('2026-12-01', { zone }).toJSDate(), end: DateTime.fromISO('2026-12-02', { zone }).toJSDate() };
const acme = { id: 'c1', name: 'Acme' } as Client;
const wordCounts = (text: string) => [...text.matchAll(/\b(\d+) ([a-z]+)/g)].map((m) => [Number(m[1]), m[2]] as const);

describe('counts shown to users', () => {
  it('count() uses the singular for exactly one, the plural otherwise', () => {
    fc.assert(
      fc.property(fc.nat(), fc.constantFrom('event', 'client', 'conflict', 'hour'), (n, noun) => {
        expect(count(n, noun)).toBe(n === 1 ? `1 ${noun}` : `${n} ${noun}s`);
      }),
    );
    expect(count(1, 'day', 'days')).toBe('1 day');
  });

  it('the agenda and the conflicts list say "1 event", "1 conflict"', () => {
    const a = { clientId: 'c1', clientName: 'Acme', event: event('e1', '2026-12-01T10:00:00+01:00', '2026-12-01T11:00:00+01:00') };
    const b = { clientId: 'c2', clientName: 'Globex', event: event('e2', '2026-12-01T10:30:00+01:00', '2026-12-01T11:30:00+01:00') };
    const agenda = agendaMessage({ days: buildAgenda([a], range), unreadable: [], clients: [acme], label: 'today', zone });
    const overlap = { a, b, overlapStart: Date.parse('2026-12-01T09:30:00Z'), overlapEnd: Date.parse('2026-12-01T10:00:00Z') };
    const conflicts = conflictsMessage({ conflicts: [overlap], unreadable: [], label: 'today', zone });
    for (const text of [agenda.text, visibleText(agenda.blocks), conflicts.text]) {
      for (const [n, noun] of wordCounts(text)) if (n === 1) expect(noun, text).not.toMatch(/s$/);
    }
  });
});
