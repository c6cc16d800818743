import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../harness/app.js';
import { submitClientForm } from '../harness/client-form.js';

describe('a new workspace', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    t.slack.addUser({ id: 'U0FIRST', team_id: 'T0NEW', tz: 'UTC', is_admin: true });
  });
  afterAll(async () => t?.close());

  it('accepts its first clients created at the same moment', async () => {
    const actor = { teamId: 'T0NEW', userId: 'U0FIRST' };
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => submitClientForm(t, actor, { name: `First ${i}`, timeZone: 'UTC' })));
    expect(answers.map((a) => [a.status, a.body])).toEqual(Array.from({ length: 10 }, () => [200, '']));
    expect(await t.app.db.prisma.client.count({ where: { teamId: 'T0NEW' } })).toBe(10);
    expect(await t.app.db.prisma.workspace.count({ where: { teamId: 'T0NEW' } })).toBe(1);
  });
});
