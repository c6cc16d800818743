import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { closestMatches } from '../../../src/shared/similar.js';
import { resolveClient } from '../../../src/core/clients/resolve.js';
import { slugify } from '../../../src/core/clients/validation.js';
import { route } from '../../../src/slack/commands/router.js';
import { allSubcommands } from '../../../src/slack/commands/index.js';
import { help } from '../../../src/slack/commands/help.js';
import type { Client } from '../../../src/core/clients/types.js';
import { quickly, runs, SLACK_TEXT_MAX, userText } from './arbitraries.js';

const client = (name: string, i: number): Client => ({
  id: `c${i}`,
  teamId: 'T0ACME',
  name,
  slug: `${slugify(name) || 'client'}-${i}`,
  email: null,
  timeZone: 'UTC',
  notes: null,
  linkPreview: 'basic',
  managers: [],
  google: { state: 'none' },
  createdBy: 'U0ADMIN',
  createdAt: new Date(0),
  updatedAt: new Date(0),
});

// A large workspace whose names all start alike, so prefixes and near misses abound.
const NAMES = Array.from({ length: 1000 }, (_, i) => `Client ${'abcdefghij'[i % 10]}${i} ${'x'.repeat(i % 60)}`.slice(0, 80));
const CLIENTS = NAMES.map(client);

describe('fuzzy matching is bounded', () => {
  it('compares Slack\u2019s longest command text against 1,000 clients quickly, suggesting nothing', () => {
    // Measured before the bound: 7.5 s of blocked event loop for one such command.
    for (const text of ['a'.repeat(SLACK_TEXT_MAX), `${NAMES[7]!} `.repeat(60).slice(0, SLACK_TEXT_MAX)]) {
      expect(quickly(() => closestMatches(text, NAMES))).toEqual([]);
      expect(quickly(() => resolveClient(text, CLIENTS))).toEqual({ kind: 'notFound', suggestions: [] });
    }
  });

  it('still suggests a near name and finds a unique prefix', () => {
    expect(closestMatches('clinet a0', ['Client a0', 'Globex'])).toEqual(['Client a0']);
    expect(resolveClient('client j999', CLIENTS)).toMatchObject({ kind: 'found', client: { id: 'c999' } });
  });

  it('resolves any text to found, ambiguous or not found, with at most 3 suggestions from the names', () => {
    const names = fc.array(userText(80), { minLength: 0, maxLength: 30 });
    fc.assert(
      fc.property(userText(), names, (ref, generated) => {
        const clients = [...generated.map(client), ...CLIENTS.slice(0, 200)];
        const found = quickly(() => resolveClient(ref, clients));
        if (found.kind === 'notFound') {
          expect(found.suggestions.length).toBeLessThanOrEqual(3);
          for (const s of found.suggestions) expect(clients.map((c) => c.name)).toContain(s);
        } else if (found.kind === 'ambiguous') expect(found.candidates.length).toBeGreaterThan(1);
        else expect(clients).toContain(found.client);
      }),
      runs(150),
    );
  });

  it('routes any command text to a subcommand or an unknown word with suggestions', () => {
    const subcommands = allSubcommands();
    fc.assert(
      fc.property(userText(), (text) => {
        const routed = quickly(() => route(text, subcommands, help));
        if (routed.kind === 'unknown') {
          expect(routed.word.trim()).not.toBe('');
          expect(routed.suggestions.length).toBeLessThanOrEqual(3);
        } else expect(subcommands.concat(help)).toContain(routed.subcommand);
      }),
      runs(300),
    );
  });
});
