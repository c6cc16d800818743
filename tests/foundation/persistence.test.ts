import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../harness/app.js';

describe('persistence', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t?.close());

  it('keeps data across a restart of the app', async () => {
    await t.app.db.prisma.workspace.create({ data: { teamId: 'T0PERSIST', name: 'Persist Inc' } });
    await t.restart();
    const found = await t.app.db.prisma.workspace.findUnique({ where: { teamId: 'T0PERSIST' } });
    expect(found?.name).toBe('Persist Inc');
    expect(t.app.db.kind).toBe(process.env.DATABASE_URL ? 'postgresql' : 'embedded');
  });
});
