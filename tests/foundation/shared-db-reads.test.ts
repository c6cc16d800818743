// Identical reads share one query on the embedded database, in flight and until the next write
// (src/db/read-sharing.ts), and a write followed by a read never shows the reader what was there
// before the write.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../harness/app.js';
import { clientRepository } from '../../src/db/repositories/clients.js';
import { MAX_KEPT_READS } from '../../src/db/read-sharing.js';

const TEAM = 'T0SHARED';
const audit = { teamId: TEAM, actorId: 'U0WRITER', action: 'client.create', entityType: 'client', entityId: '', details: {} };

function deferred() {
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  return { gate, open };
}

describe.skipIf(Boolean(process.env.DATABASE_URL))('shared database reads (embedded database)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t?.close());

  const names = () => t.app.db.prisma.client.findMany({ where: { teamId: TEAM }, select: { name: true }, orderBy: { name: 'asc' } }).then((rows) => rows.map((r) => r.name));
  const input = (name: string) => ({ name, nameKey: name.toLowerCase(), slug: name.toLowerCase(), email: null, timeZone: 'UTC', notes: null, linkPreview: 'busy' as const, createdBy: 'U0WRITER', managers: ['U0WRITER'] });

  /**
   * A read that has queried but not yet answered when `between` runs; then the same read again.
   * The first read's answer comes only after the second read has started.
   */
  async function readAcross(key: string, between: () => Promise<unknown>) {
    const { gate, open } = deferred();
    let loads = 0;
    const load = async () => {
      loads++;
      const seen = await names();
      await gate;
      return seen;
    };
    const first = t.app.db.sharedReads.read(key, load);
    await new Promise((r) => setTimeout(r, 20));
    await between();
    const second = t.app.db.sharedReads.read(key, load);
    open();
    return { first, second, before: await first, after: await second, loads: () => loads, load };
  }

  it('shares identical reads in flight, and each caller gets clients of its own', async () => {
    const store = clientRepository(t.app.db.prisma, t.app.db.sharedReads);
    await store.create(TEAM, input('Acme'), audit);
    let loads = 0;
    const lists = await Promise.all(
      Array.from({ length: 20 }, () =>
        t.app.db.sharedReads.read('names', () => {
          loads++;
          return names();
        }),
      ),
    );
    expect(loads).toBe(1);
    expect(new Set(lists.map((l) => JSON.stringify(l))).size).toBe(1);
    const [a, b] = await Promise.all([store.list(TEAM, { managedBy: 'U0WRITER' }), store.list(TEAM, { managedBy: 'U0WRITER' })]);
    expect(a.map((c) => c.name)).toEqual(b.map((c) => c.name));
    expect(a[0]).not.toBe(b[0]);
  });

  it('a read after a write (a transaction) does not join a read that started before it', async () => {
    const store = clientRepository(t.app.db.prisma, t.app.db.sharedReads);
    const r = await readAcross('across-create', () => store.create(TEAM, input('Borealis'), audit));
    expect(r.before).not.toContain('Borealis');
    expect(r.after).toContain('Borealis');
    expect(r.loads()).toBe(2);
  });

  it('a read after a single-statement write or raw SQL does not join one from before it', async () => {
    const update = await readAcross('across-update', () => t.app.db.prisma.client.updateMany({ where: { teamId: TEAM, name: 'Acme' }, data: { name: 'Acme Renamed' } }));
    expect(update.before).toContain('Acme');
    expect(update.after).toContain('Acme Renamed');
    const raw = await readAcross('across-raw', () => t.app.db.prisma.$executeRaw`UPDATE "Client" SET "name" = 'Acme Raw' WHERE "teamId" = ${TEAM} AND "name" = 'Acme Renamed'`);
    expect(raw.before).toContain('Acme Renamed');
    expect(raw.after).toContain('Acme Raw');
  });

  it('reads with no write between them share, in flight and once answered', async () => {
    const r = await readAcross('no-write', names); // a read of someone else's is no write
    expect(await r.second).toBe(await r.first);
    expect(r.loads()).toBe(1);
    // Answered, and no write since: the answer is kept.
    expect(await t.app.db.sharedReads.read('no-write', r.load)).toBe(await r.first);
    expect(r.loads()).toBe(1);
  });

  it('forgets every kept answer at a write, and the next read sees the write', async () => {
    const store = clientRepository(t.app.db.prisma, t.app.db.sharedReads);
    const before = await store.list(TEAM);
    // A repository read answered from what was kept: the same rows, mapped afresh for this caller.
    const again = await store.list(TEAM);
    expect(again.map((c) => c.name)).toEqual(before.map((c) => c.name));
    expect(again[0]).not.toBe(before[0]);
    let loads = 0;
    const count = () =>
      t.app.db.sharedReads.read('kept-count', () => {
        loads++;
        return names();
      });
    await count();
    await count();
    expect(loads).toBe(1);
    await store.create(TEAM, input('Cygnus'), audit);
    expect(await count()).toContain('Cygnus');
    expect(loads).toBe(2);
    expect((await store.list(TEAM)).map((c) => c.name)).toContain('Cygnus');
    // A write that fails forgets them too: it may have written before it failed.
    await t.app.db.prisma.$executeRaw`UPDATE "Client" SET "name" = NULL WHERE "teamId" = ${TEAM}`.catch(() => undefined);
    await count();
    expect(loads).toBe(3);
  });

  it('keeps no failed read, and at most MAX_KEPT_READS answers, the oldest forgotten first', async () => {
    let attempts = 0;
    const flaky = () =>
      t.app.db.sharedReads.read('flaky', async () => {
        attempts++;
        if (attempts === 1) throw new Error('the database was busy');
        return 'ok';
      });
    await expect(flaky()).rejects.toThrow('busy');
    expect(await flaky()).toBe('ok');
    expect(attempts).toBe(2);

    const loads = new Map<string, number>();
    const read = (key: string) => t.app.db.sharedReads.read(key, async () => loads.set(key, (loads.get(key) ?? 0) + 1));
    for (let i = 0; i <= MAX_KEPT_READS; i++) await read(`bounded-${i}`);
    // The first was the oldest when one too many was kept: asked again, it is read again …
    await read('bounded-0');
    expect(loads.get('bounded-0')).toBe(2);
    // … while the newest are still kept.
    await read(`bounded-${MAX_KEPT_READS}`);
    expect(loads.get(`bounded-${MAX_KEPT_READS}`)).toBe(1);
  });
});
