import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, TEAM, type TestApp } from '../harness/app.js';
import { startFakeGoogle, type FakeGoogle } from '../fakes/google.js';
import { nextModal } from '../harness/modals.js';
import { submitClientForm } from '../harness/client-form.js';
import { connectClient, disconnectConfirmed, requestLink, twoConsents } from './helpers.js';
import { visibleText } from '../harness/visible.js';
import { REVOCATION_QUEUE } from '../../src/jobs/revocations.js';

const operator = { teamId: TEAM, userId: 'U0OPERATOR' };

describe('grants we stop using are revoked at Google', () => {
  let t: TestApp;
  let google: FakeGoogle;
  let acmeId: string;
  const revocations = () => t.app.db.prisma.pendingRevocation.findMany({ orderBy: { createdAt: 'asc' } });
  const liveGrantsOf = (email: string) => google.revoked.filter((r) => r.email === email).length;

  beforeAll(async () => {
    google = await startFakeGoogle();
    t = await startTestApp({ google });
    t.slack.addUser({ id: operator.userId, team_id: TEAM, tz: 'UTC' });
    for (const email of ['ceo@acme.com', 'assistant@acme.com']) google.addAccount({ email });
    await submitClientForm(t, operator, { name: 'Acme', timeZone: 'UTC', managers: [operator.userId] });
    acmeId = (await t.app.db.prisma.client.findFirstOrThrow({ where: { teamId: TEAM, name: 'Acme' } })).id;
  });
  afterAll(async () => {
    await t?.close();
    await google?.close();
  });

  it('reconnecting another account revokes the old grant once the new one is stored', async () => {
    await connectClient(t, google, operator, 'acme', 'ceo@acme.com');
    expect(google.revoked).toHaveLength(0);
    await connectClient(t, google, operator, 'acme', 'assistant@acme.com');
    expect(google.revoked.map((r) => r.email)).toEqual(['ceo@acme.com']);
    expect((await t.app.db.prisma.googleConnection.findUniqueOrThrow({ where: { clientId: acmeId } })).googleEmail).toBe('assistant@acme.com');
    const [record] = await revocations();
    expect(record).toMatchObject({ clientId: acmeId, googleEmail: 'ceo@acme.com', reason: 'reconnect', status: 'revoked', token: '' });
    // The new connection works.
    expect(visibleText((await t.command('calendars acme', operator)).response)).toContain('assistant@acme.com');
  });

  it('reconnecting the same account through the same OAuth client revokes nothing: it is the same grant at Google', async () => {
    const before = google.revoked.length;
    await connectClient(t, google, operator, 'acme', 'assistant@acme.com');
    expect(google.revoked).toHaveLength(before);
    expect(await revocations()).toHaveLength(1);
    expect(visibleText((await t.command('calendars acme', operator)).response)).toContain('assistant@acme.com');
  });

  it('disconnect when Google does not confirm: tokens deleted, the user told, the revocation retried after a restart', async () => {
    google.fail({ match: '/revoke', status: 503, times: Infinity });
    const responseUrl = await disconnectConfirmed(t, operator, 'acme');
    const told = visibleText((await t.slack.waitForResponse((r) => r.url === responseUrl)).body);
    expect(told).toContain('Google did not confirm the revocation; we will retry');
    expect(told).toContain('myaccount.google.com/permissions');
    expect(await t.app.db.prisma.googleConnection.findUnique({ where: { clientId: acmeId } })).toBeNull();
    expect(liveGrantsOf('assistant@acme.com')).toBe(0);

    const pending = (await revocations()).at(-1)!;
    expect(pending).toMatchObject({ reason: 'disconnect', status: 'pending', attempts: 1, googleEmail: 'assistant@acme.com', lastError: 'Google answered 503' });
    expect(pending.token).toMatch(/^v1\./); // sealed, like every stored secret
    expect(pending.nextAttemptAt!.getTime()).toBeGreaterThan(Date.now());
    const audit = await t.app.db.prisma.auditLog.findFirst({ where: { entityId: acmeId, action: 'google.disconnect' } });
    expect(audit?.details).toMatchObject({ revocation: 'pending' });

    // Google is back; the retry comes due; the app restarts and remembers.
    google.reset();
    await t.app.db.prisma.pendingRevocation.update({ where: { id: pending.id }, data: { nextAttemptAt: new Date(Date.now() - 1000) } });
    await t.restart();
    await expect.poll(async () => (await t.app.db.prisma.pendingRevocation.findUniqueOrThrow({ where: { id: pending.id } })).status, { timeout: 20_000 }).toBe('revoked');
    expect(google.revoked.map((r) => r.email)).toEqual(['assistant@acme.com']);
    expect(await t.app.db.prisma.pendingRevocation.findUniqueOrThrow({ where: { id: pending.id } })).toMatchObject({ attempts: 2, token: '', lastError: null });
  });

  it('retries are bounded: the last failure is recorded as given up, without the token', async () => {
    await connectClient(t, google, operator, 'acme', 'ceo@acme.com');
    google.fail({ match: '/revoke', status: 500, times: Infinity });
    await disconnectConfirmed(t, operator, 'acme');
    await expect.poll(async () => (await revocations()).filter((r) => r.status === 'pending'), { timeout: 20_000 }).toHaveLength(1);
    const pending = (await revocations()).find((r) => r.status === 'pending')!;
    // Seven attempts failed already (the first and six retries); the eighth is the last.
    await t.app.db.prisma.pendingRevocation.update({ where: { id: pending.id }, data: { attempts: 7, nextAttemptAt: new Date(Date.now() - 1000) } });
    await t.restart();
    await expect.poll(async () => (await t.app.db.prisma.pendingRevocation.findUniqueOrThrow({ where: { id: pending.id } })).status, { timeout: 20_000 }).toBe('gave_up');
    expect(await t.app.db.prisma.pendingRevocation.findUniqueOrThrow({ where: { id: pending.id } })).toMatchObject({ attempts: 8, token: '', lastError: 'Google answered 500' });
    google.reset();
  });

  it('the retries are a pg-boss job: one schedule a minute for the whole deployment, and its worker runs a pass', async () => {
    expect(await t.app.jobs.schedules(REVOCATION_QUEUE)).toEqual([{ key: 'deployment', cron: '* * * * *', timeZone: 'UTC', data: {} }]);
    await connectClient(t, google, operator, 'acme', 'ceo@acme.com');
    google.fail({ match: '/revoke', status: 503, times: Infinity });
    await disconnectConfirmed(t, operator, 'acme');
    await expect.poll(async () => (await revocations()).filter((r) => r.status === 'pending'), { timeout: 20_000 }).toHaveLength(1);
    const pending = (await revocations()).find((r) => r.status === 'pending')!;
    google.reset();
    await t.app.db.prisma.pendingRevocation.update({ where: { id: pending.id }, data: { nextAttemptAt: new Date(Date.now() - 1000) } });
    // What the schedule sends each minute, sent now: no restart, no timer of our own.
    await t.app.jobs.send(REVOCATION_QUEUE, {});
    await expect.poll(async () => (await t.app.db.prisma.pendingRevocation.findUniqueOrThrow({ where: { id: pending.id } })).status, { timeout: 20_000 }).toBe('revoked');
    expect(google.revoked.at(-1)!.email).toBe('ceo@acme.com');
  });

  it('two authorizations from one link racing: the first to store wins, the other\u2019s grant is revoked', async () => {
    const callbacks = await twoConsents(google, await requestLink(t, operator, 'acme'), ['ceo@acme.com', 'assistant@acme.com']);
    // Both states are consumed before either code is exchanged: only the final save can decide.
    google.setLatency(1000);
    const exchangesBefore = google.tokenRequests.length;
    const results = await Promise.all(callbacks.map(async (callback) => {
      const res = await fetch(callback);
      return { status: res.status, page: await res.text() };
    }));
    google.setLatency(0);
    expect(google.tokenRequests.length - exchangesBefore).toBe(2);
    expect(results.map((r) => r.status).sort()).toEqual([200, 400]);
    expect(results.find((r) => r.status === 400)!.page).toContain('already been used');
    const winner = (await t.app.db.prisma.googleConnection.findUniqueOrThrow({ where: { clientId: acmeId } })).googleEmail;
    const loser = winner === 'ceo@acme.com' ? 'assistant@acme.com' : 'ceo@acme.com';
    expect(results.find((r) => r.status === 200)!.page).toContain(winner);
    expect((await revocations()).at(-1)).toMatchObject({ googleEmail: loser, reason: 'stale', status: 'revoked', token: '' });
    expect(google.revoked.at(-1)!.email).toBe(loser);
    expect(visibleText((await t.command('calendars acme', operator)).response)).toContain(winner);
  });

  it('removing a connected client revokes its grant too', async () => {
    const before = google.revoked.length;
    const winner = (await t.app.db.prisma.googleConnection.findUniqueOrThrow({ where: { clientId: acmeId } })).googleEmail;
    const since = t.slack.calls.length;
    await t.requests.command('client remove acme', operator);
    const confirm = await nextModal(t, since, 'client_remove');
    const res = await t.requests.viewSubmission(operator, { id: 'V3', callback_id: 'client_remove', private_metadata: confirm.private_metadata, state: { values: {} } });
    expect(res.body).toBe('');
    expect(await t.app.db.prisma.client.findUnique({ where: { id: acmeId } })).toBeNull();
    // Google hears the revoke before the app records it: wait for the record, the later of the two.
    const removal = async () => (await revocations()).find((r) => r.reason === 'remove');
    await expect.poll(async () => (await removal())?.status, { timeout: 20_000 }).toBe('revoked');
    expect(await removal()).toMatchObject({ clientId: acmeId, googleEmail: winner, status: 'revoked', token: '' });
    expect(google.revoked.length).toBe(before + 1);
    expect(google.revoked.at(-1)!.email).toBe(winner);
  });
});
