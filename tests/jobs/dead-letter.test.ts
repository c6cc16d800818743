// A job that keeps failing is retried with backoff, then lands in the dead-letter queue, where a
// workspace admin sees it with `/calstack admin jobs` and puts it back with Retry (or Retry all).
// Driven as Slack does: the digest is turned on from its modal, its DM fails at the fake Slack,
// the command and the buttons are signed requests.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { OTHER_TEAM, startTestApp, TEAM, type TestApp } from '../harness/app.js';
import type { Actor } from '../harness/slack-requests.js';
import { visibleText } from '../harness/visible.js';
import { accessoryButtonsOf, blocksOf, buttonById } from '../slack/sent-blocks.js';
import { DIGEST_QUEUE } from '../../src/jobs/digests.js';

const ADMIN = { teamId: TEAM, userId: 'U0JOBSADMIN' };
const MEMBER = { teamId: TEAM, userId: 'U0MEMBER' };
const OTHER_ADMIN = { teamId: OTHER_TEAM, userId: 'U0OTHERADMIN' };
const READER = { teamId: TEAM, userId: 'U0READER' };
const LATE_READERS = [{ teamId: TEAM, userId: 'U0READERB' }, { teamId: TEAM, userId: 'U0READERC' }];
// 09:00 UTC: a digest set for 00:00 UTC is due at once, whatever day the suite runs.
const NOW = '2026-12-02T09:00:00Z';
const TODAY = '2026-12-02';

describe('jobs that keep failing end in the dead-letter queue, where an admin retries them', () => {
  let t: TestApp;
  const deadLettered = async () => (await t.app.jobs.deadLettered()).filter((j) => j.queue === DIGEST_QUEUE);
  const lastDigestOn = async (actor: Actor) =>
    (await t.app.db.prisma.userSettings.findUniqueOrThrow({ where: { teamId_userId: { teamId: actor.teamId, userId: actor.userId } } })).lastDigestOn;
  const dmAttempts = (actor: Actor) => t.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === actor.userId).length;
  const turnOnDigest = async (actor: Actor) => {
    const res = await t.requests.viewSubmission(actor, {
      id: `VDIGEST${actor.userId}`, callback_id: 'digest_settings', private_metadata: '',
      state: { values: { digest_on: { value: { type: 'checkboxes', selected_options: [{ value: 'on' }] } }, digest_time: { value: { type: 'timepicker', selected_time: '00:00' } } } },
    });
    expect(res.body).toBe('');
  };
  /** Presses a button of a message the app sent through a response_url; returns the app's answer there. */
  const press = async (actor: Actor, action: Record<string, unknown>) => {
    const responseUrl = t.slack.responseUrl();
    await t.requests.blockAction(actor, { type: 'button', ...action }, { response_url: responseUrl });
    return (await t.slack.waitForResponse((r) => r.url === responseUrl)).body;
  };

  beforeAll(async () => {
    // One retry, a second after the first failure (up to two: jitter), then the dead-letter queue.
    t = await startTestApp({ now: NOW, env: { JOB_RETRY_LIMIT: '1', JOB_RETRY_DELAY_SECONDS: '1' } });
    t.slack.addUser({ id: ADMIN.userId, team_id: TEAM, is_admin: true, tz: 'UTC' });
    t.slack.addUser({ id: MEMBER.userId, team_id: TEAM, tz: 'UTC' });
    t.slack.addUser({ id: OTHER_ADMIN.userId, team_id: OTHER_TEAM, is_admin: true, tz: 'UTC' });
    for (const reader of [READER, ...LATE_READERS]) t.slack.addUser({ id: reader.userId, team_id: TEAM, tz: 'UTC' });
    // The look at start for digests missed while down runs once the engine is up; a digest turned
    // on before it would be checked twice, and a second job could take one of the failures below.
    await vi.waitFor(() => expect(t.logs.some((l) => l.msg === 'daily digests resumed')).toBe(true), { timeout: 20_000, interval: 50 });
  });
  afterAll(() => t?.close());

  it('a digest whose DM keeps failing is tried twice, then dead-lettered', async () => {
    t.slack.fail('chat.postMessage', { error: 'channel_not_found', times: 2 });
    await turnOnDigest(READER);
    await expect.poll(deadLettered, { timeout: 20_000 }).toHaveLength(1);
    expect(dmAttempts(READER)).toBe(2);
    expect(await lastDigestOn(READER)).not.toBe(TODAY);
  });

  it('an admin sees it: its queue, who it concerns, its attempts and last error, with Retry', async () => {
    const { ack, response } = await t.command('admin jobs', ADMIN);
    expect(ack.status).toBe(200);
    const text = visibleText(response);
    expect(text).toMatch(/`daily-digest` \d+ queued · \d+ active · \d+ failed · 1 dead-lettered/);
    expect(text).toContain(`\`daily-digest\` for <@${READER.userId}> · 2 attempts · dead-lettered `);
    expect(text).toContain('channel_not_found');
    const [retry, ...others] = accessoryButtonsOf(blocksOf(response));
    expect(others).toEqual([]);
    expect(retry).toMatchObject({ action_id: 'jobs_retry', value: (await deadLettered())[0]!.id });
    // One job: no Retry all.
    expect(() => buttonById(response, 'jobs_retry_all')).toThrow();
  });

  it('anyone else is refused, and an unknown admin word lists the admin commands', async () => {
    const refused = visibleText((await t.command('admin jobs', MEMBER)).response);
    expect(refused).toContain('Only workspace admins can see and retry the background jobs.');
    expect(refused).not.toContain('daily-digest');
    const help = visibleText((await t.command('admin queues', ADMIN)).response);
    expect(help).toContain('I don\u2019t know the command `admin queues`');
    expect(help).toContain('/calstack admin jobs');
    // A member pressing a replayed Retry is refused too, and the job stays where it is.
    const id = (await deadLettered())[0]!.id;
    expect(visibleText(await press(MEMBER, { action_id: 'jobs_retry', value: id }))).toContain('Only workspace admins');
    expect((await deadLettered()).map((j) => j.id)).toEqual([id]);
  });

  it('an admin of another workspace sees none of it and cannot retry it by its id', async () => {
    const text = visibleText((await t.command('admin jobs', OTHER_ADMIN)).response);
    expect(text).toContain('none in this workspace');
    expect(text).not.toContain(READER.userId);
    const id = (await deadLettered())[0]!.id;
    expect(visibleText(await press(OTHER_ADMIN, { action_id: 'jobs_retry', value: id }))).toContain('no longer in the dead-letter queue');
    expect((await deadLettered()).map((j) => j.id)).toEqual([id]);
  });

  it('Retry puts it back on its queue, where it runs: the digest is sent', async () => {
    const id = (await deadLettered())[0]!.id;
    const answer = await press(ADMIN, { action_id: 'jobs_retry', value: id });
    expect(answer).toMatchObject({ replace_original: true });
    expect(visibleText(answer)).toContain('Put back on `daily-digest`');
    expect(visibleText(answer)).toContain('none in this workspace');
    // The third try of its DM, this time answered; the day is claimed before it is sent, and kept once it is.
    await expect.poll(() => dmAttempts(READER), { timeout: 20_000 }).toBe(3);
    await expect.poll(() => lastDigestOn(READER)).toBe(TODAY);
    expect(await deadLettered()).toEqual([]);
    // Pressed again (a second admin, a double click): nothing left to move.
    expect(visibleText(await press(ADMIN, { action_id: 'jobs_retry', value: id }))).toContain('no longer in the dead-letter queue');
  });

  it('Retry all puts every dead-lettered job back', async () => {
    t.slack.fail('chat.postMessage', { error: 'channel_not_found', times: 4 });
    for (const reader of LATE_READERS) await turnOnDigest(reader);
    await expect.poll(deadLettered, { timeout: 20_000 }).toHaveLength(2);
    const { response } = await t.command('admin jobs', ADMIN);
    expect(buttonById(response, 'jobs_retry_all').text.text).toBe('Retry all 2');
    const answer = await press(ADMIN, { action_id: 'jobs_retry_all' });
    expect(visibleText(answer)).toContain('Put 2 jobs back on their queues');
    for (const reader of LATE_READERS) {
      await expect.poll(() => dmAttempts(reader), { timeout: 20_000 }).toBe(3);
      await expect.poll(() => lastDigestOn(reader)).toBe(TODAY);
    }
    expect(await deadLettered()).toEqual([]);
  });
});
