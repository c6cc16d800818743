import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ClientValidationError, NAME_MAX, parseClientInput, slugify } from '../../../src/core/clients/validation.js';
import { timeZoneOptions } from '../../../src/slack/views/time-zones.js';
import { quickly, runs, userText } from './arbitraries.js';

// The labels' UTC offsets are those of a fixed moment (main threads its clock through here).
const AT = new Date('2026-12-01T12:00:00Z');

// PostgreSQL text holds no NUL; a lone surrogate cannot be stored as what was typed.
const storable = (s: string) => !s.includes('\0') && Buffer.from(s, 'utf8').toString('utf8') === s;

describe('the client form and the time zone search over any text', () => {
  it('parseClientInput: a client that can be stored as typed, or field errors', () => {
    const raw = fc.record({
      name: fc.oneof(userText(120), fc.constant('Acme\u0000Corp'), fc.constant('Acme \ud800')),
      email: fc.oneof(fc.constant(null), fc.constant('ceo@acme.com'), userText(80)),
      timeZone: fc.oneof(fc.constantFrom('UTC', 'Europe/Paris'), userText(40)),
      notes: fc.oneof(fc.constant(null), userText(), fc.constant('a\u0000b')),
      managers: fc.array(fc.oneof(fc.constant('U0ADMIN'), userText(12)), { maxLength: 3 }),
    });
    fc.assert(
      fc.property(raw, (r) => {
        try {
          const input = quickly(() => parseClientInput(r));
          expect(input.name.length).toBeGreaterThan(0);
          expect(input.name.length).toBeLessThanOrEqual(NAME_MAX);
          expect(storable(input.name)).toBe(true);
          if (input.notes !== null) expect(storable(input.notes)).toBe(true);
          expect(slugify(input.name)).toMatch(/^[a-z0-9-]*$/);
        } catch (err) {
          if (!(err instanceof ClientValidationError)) throw err;
          expect(Object.values(err.fields).every((m) => typeof m === 'string' && m.length > 0)).toBe(true);
        }
      }),
      runs(300),
    );
  });

  it('timeZoneOptions: at most 100 options of real zones for any query', () => {
    fc.assert(
      fc.property(userText(), (query) => {
        const { options } = quickly(() => timeZoneOptions(query, AT));
        expect(options.length).toBeLessThanOrEqual(100);
        for (const o of options) expect(o.value.length).toBeLessThanOrEqual(150);
      }),
      runs(200),
    );
  });
});
