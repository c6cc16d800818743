// The user text core reads for the stacked views and bulk blocks, with generated input: which
// clients, which range, which duration. Async parsers run against the in-memory client store.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UserFacingError } from '../../../src/core/errors.js';
import { bulkTargets } from '../../../src/core/bulk/targets.js';
import { clientBeforeText } from '../../../src/core/clients/named.js';
import { parseStackRequest, splitFreeDuration } from '../../../src/core/stack/request.js';
import { memoryDirectory } from './memory-stores.js';
import { operator, useCaseWorld } from './world.js';
import { runs, userText } from '../properties/arbitraries.js';

const NOW = new Date('2026-12-02T10:00:00Z');
const SLUGS = ['acme', 'globex', 'initech'];

async function world() {
  const w = useCaseWorld();
  for (const name of ['Acme', 'Globex', 'Initech']) await w.addClient(name);
  return w;
}

/** Runs `read`; only a UserFacingError may come out of it. */
async function userFacingOnly<T>(read: () => Promise<T>): Promise<T | null> {
  try {
    return await read();
  } catch (err) {
    expect(err).toBeInstanceOf(UserFacingError);
    return null;
  }
}

describe('which clients a bulk block names', () => {
  it('takes the clients named first, in order and once each, and leaves the rest as the event', async () => {
    const w = await world();
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom(...SLUGS), { minLength: 1, maxLength: 6 }), fc.constantFrom('OOO Dec 24-26', 'Zebra call tomorrow 3pm', ''), async (named, title) => {
        const targets = await bulkTargets(w.clients, operator, `${named.join('  ')} ${title}`);
        expect(targets).toEqual({ kind: 'clients', clients: [...new Set(named)].map((slug) => expect.objectContaining({ slug })), text: title });
      }),
      runs(100),
    );
  });

  it('for any text, answers with the user\u2019s own clients and a tail of the text, or says why none', async () => {
    const w = await world();
    const mine = new Set((await w.clients.list(operator)).map((c) => c.id));
    await fc.assert(
      fc.asyncProperty(userText(400), async (text) => {
        const targets = await userFacingOnly(() => bulkTargets(w.clients, operator, text));
        if (targets?.kind === 'clients') {
          for (const c of targets.clients) expect(mine.has(c.id)).toBe(true);
          expect(text.endsWith(targets.text) || targets.text === '').toBe(true);
        }
        if (targets?.kind === 'no_client_first') expect(targets.error).toBeInstanceOf(UserFacingError);
      }),
      runs(200),
    );
  });

  it('`all` is every client the user manages, and none managed is said as such', async () => {
    const w = await world();
    expect(await bulkTargets(w.clients, operator, 'ALL  Offsite Jan 12-14')).toMatchObject({ kind: 'clients', text: 'Offsite Jan 12-14', clients: SLUGS.map((slug) => expect.objectContaining({ slug })) });
    expect(await bulkTargets(w.clients, { ...operator, userId: 'U0NOBODY' }, 'all Offsite')).toEqual({ kind: 'none_managed' });
  });
});

describe('a stacked view\u2019s request', () => {
  it('for any text, is a range that ends after it starts in the viewer\u2019s zone, over the user\u2019s own clients, or a user-facing refusal', async () => {
    const w = await world();
    const deps = { clients: w.clients, directory: memoryDirectory([{ id: operator.userId, timeZone: 'Europe/Paris' }]) };
    const mine = new Set((await w.clients.list(operator)).map((c) => c.id));
    await fc.assert(
      fc.asyncProperty(userText(400), async (text) => {
        const request = await userFacingOnly(() => parseStackRequest(deps, operator, text, NOW));
        if (!request) return;
        expect(request.zone).toBe('Europe/Paris');
        expect(request.range.end.getTime()).toBeGreaterThan(request.range.start.getTime());
        for (const id of request.clientIds) expect(mine.has(id)).toBe(true);
      }),
      runs(150),
    );
  });

  it('names clients before the range; none named means all of them; the zone falls back to the first client\u2019s', async () => {
    const w = await world();
    const deps = { clients: w.clients, directory: memoryDirectory() };
    const request = await parseStackRequest(deps, operator, 'acme "Globex" next week', NOW);
    expect(request.clientIds).toHaveLength(2);
    expect(request.zone).toBe('UTC');
    expect((await parseStackRequest(deps, operator, 'all today', NOW)).clientIds).toEqual([]);
  });
});

describe('a free-time request\u2019s duration', () => {
  it('reads a trailing "for <n>m" and gives back the text before it', () => {
    fc.assert(
      fc.property(userText(200), fc.integer({ min: 1, max: 600 }), (text, minutes) => {
        const split = splitFreeDuration(`${text} for ${minutes}m`);
        expect(split.minMinutes).toBe(minutes);
        expect(split.text).toBe(`${text} `);
      }),
      runs(300),
    );
  });

  it('for any text, is 30 minutes when none is given, or a positive duration and a prefix of the text, or a user-facing refusal', () => {
    fc.assert(
      fc.property(userText(), (text) => {
        try {
          const split = splitFreeDuration(text);
          expect(split.minMinutes).toBeGreaterThan(0);
          expect(text.startsWith(split.text)).toBe(true);
        } catch (err) {
          expect(err).toBeInstanceOf(UserFacingError);
        }
      }),
      runs(300),
    );
  });
});

describe('the client a quick add starts with', () => {
  it('is the first word (a quoted name is one), with the rest as the event', async () => {
    const w = await world();
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('acme', '"Acme"', '\u201cAcme\u201d', "'acme'"), fc.constantFrom('Lunch tomorrow 12:30', '"Board" call'), fc.constantFrom(' ', '\u00a0', '\n  '), async (name, title, space) => {
        expect(await clientBeforeText(w.clients, operator, `${space}${name}${space}${title}${space}`)).toEqual({ client: expect.objectContaining({ slug: 'acme' }), text: title });
      }),
      runs(50),
    );
    expect(await clientBeforeText(w.clients, operator, 'acme')).toBeNull();
    expect(await clientBeforeText(w.clients, operator, 'Lunch with acme')).toBeNull();
  });

  it('for any text, is one of the user\u2019s clients with a tail of the text, or nothing', async () => {
    const w = await world();
    const mine = new Set((await w.clients.list(operator)).map((c) => c.id));
    await fc.assert(
      fc.asyncProperty(userText(400), async (text) => {
        const named = await userFacingOnly(() => clientBeforeText(w.clients, operator, text));
        if (!named) return;
        expect(mine.has(named.client.id)).toBe(true);
        expect(named.text).not.toBe('');
        expect(text.trimEnd().endsWith(named.text)).toBe(true);
      }),
      runs(200),
    );
  });
});
