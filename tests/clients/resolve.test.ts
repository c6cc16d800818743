import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolveClient } from '../../src/core/clients/resolve.js';
import type { Client } from '../../src/core/clients/types.js';

const client = (slug: string, name: string) => ({ id: `id-${slug}`, slug, name }) as Client;
const found = (ref: string, clients: Client[]) => {
  const r = resolveClient(ref, clients);
  return r.kind === 'found' ? r.client.slug : r.kind;
};

describe('resolveClient: which client a typed reference means', () => {
  it.each([
    // An exact slug wins over another client's exact name.
    ['globex', [client('globex-2', 'Globex'), client('globex', 'Globex Old')], 'globex'],
    // An exact name (any case) wins over clients it is only a prefix of.
    ['ACME', [client('acme-2', 'Acme'), client('acme-labs', 'Acme Labs')], 'acme-2'],
    // A unique prefix of the slug alone, or of the name alone.
    ['acme-c', [client('acme-corp', 'Acme Corp'), client('globex', 'Globex')], 'acme-corp'],
    ['acme c', [client('acme-corp', 'Acme Corp'), client('globex', 'Globex')], 'acme-corp'],
    ['  Acme Corp ', [client('acme-corp', 'Acme Corp')], 'acme-corp'],
    ['acme', [client('acme-corp', 'Acme Corp'), client('acme-labs', 'Acme Labs')], 'ambiguous'],
    ['', [client('acme-corp', 'Acme Corp')], 'notFound'],
    ['   ', [client('acme-corp', 'Acme Corp')], 'notFound'],
  ])('%j', (ref, clients, expected) => {
    expect(found(ref, clients)).toBe(expected);
  });

  it('suggests the closest names when nothing matches', () => {
    expect(resolveClient('Glbex', [client('globex', 'Globex'), client('initech', 'Initech')])).toEqual({ kind: 'notFound', suggestions: ['Globex'] });
  });

  it('any text: never throws; a client\u2019s own slug or exact name always finds it', () => {
    const word = fc.stringMatching(/^[a-z0-9]{1,8}$/);
    fc.assert(
      fc.property(fc.uniqueArray(word, { minLength: 1, maxLength: 6 }), fc.string(), fc.nat(), (slugs, typed, pick) => {
        const clients = slugs.map((s) => client(s, `${s.toUpperCase()} Inc`));
        expect(['found', 'ambiguous', 'notFound']).toContain(resolveClient(typed, clients).kind);
        const target = clients[pick % clients.length]!;
        expect(found(target.slug, clients)).toBe(target.slug);
        expect(found(target.name.toLowerCase(), clients)).toBe(target.slug);
      }),
      { seed: 20, numRuns: 300 },
    );
  });
});
