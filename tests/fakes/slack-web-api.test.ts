import { WebAPIHTTPError, WebAPIRateLimitedError, WebAPIRequestError } from '@slack/web-api';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { startFakeSlack } from './slack.js';
import { fake, client, makeClient, platformError, section, modal, startFakeSlackEachTest } from './slack-test-kit.js';

startFakeSlackEachTest();

describe('fake Slack Web API', () => {
  it('records calls with parsed args and the bearer token, and answers like Slack', async () => {
    const auth = await client.auth.test();
    expect(auth).toMatchObject({ ok: true, team_id: 'T1', user_id: 'UBOT' });
    expect(auth.bot_id).toBe('B0FAKEBOT');

    const blocks = [section('*Standup* at 10:00')];
    const first = await client.chat.postMessage({ channel: 'C1', text: 'Standup', blocks });
    const second = await client.chat.postMessage({ channel: 'U42', text: 'DM' });
    expect(first.ts).toMatch(/^\d{10}\.\d{6}$/);
    expect(Number(second.ts)).toBeGreaterThan(Number(first.ts));
    expect(first.channel).toBe('C1');
    expect(second.channel).toBe('DU42');
    expect(first.message?.text).toBe('Standup');

    const [call] = fake.callsTo('chat.postMessage');
    expect(call?.token).toBe('xoxb-test');
    expect(call?.args).toMatchObject({ channel: 'C1', text: 'Standup', blocks });
    expect(fake.calls.map((c) => c.method)).toEqual(['auth.test', 'chat.postMessage', 'chat.postMessage']);

    await expect(client.chat.postEphemeral({ channel: 'C1', user: 'U42', text: 'psst' })).resolves.toMatchObject({
      ok: true,
      message_ts: expect.stringMatching(/^\d+\.\d+$/),
    });
    await expect(client.chat.update({ channel: 'C1', ts: first.ts!, text: 'Moved' })).resolves.toMatchObject({
      channel: 'C1',
      ts: first.ts,
      text: 'Moved',
    });
    await expect(client.chat.delete({ channel: 'C1', ts: first.ts! })).resolves.toMatchObject({ ok: true });
    await expect(client.conversations.open({ users: 'U42' })).resolves.toMatchObject({ channel: { id: 'DU42' } });

    const unknown = await platformError(client.apiCall('calendar.frobnicate', { x: 1 }));
    expect(unknown.data.error).toBe('unknown_method');
    expect(fake.callsTo('calendar.frobnicate')[0]?.args).toEqual({ x: '1' });
  });

  it('gives permalinks only for messages it holds, refusing others as Slack does', async () => {
    const person = fake.postMessageAs('U42', 'C1', 'Lunch tomorrow?');
    const bot = await client.chat.postMessage({ channel: 'C2', text: 'Standup' });
    await expect(client.chat.getPermalink({ channel: 'C1', message_ts: person.ts })).resolves.toMatchObject({
      channel: 'C1',
      permalink: `https://fake-slack.slack.com/archives/C1/p${person.ts.replace('.', '')}`,
    });
    await expect(client.chat.getPermalink({ channel: 'C2', message_ts: bot.ts! })).resolves.toMatchObject({ ok: true });
    expect((await platformError(client.chat.getPermalink({ channel: 'C1', message_ts: bot.ts! }))).data.error).toBe('message_not_found');
    expect((await platformError(client.chat.getPermalink({ channel: 'C9', message_ts: person.ts }))).data.error).toBe('channel_not_found');
    fake.reset();
    expect((await platformError(client.chat.getPermalink({ channel: 'C1', message_ts: person.ts }))).data.error).toBe('channel_not_found');
  });

  it('serves registered users from users.info and users.lookupByEmail', async () => {
    fake.addUser({ id: 'U1', team_id: 'T1', real_name: 'Ada Lovelace', tz: 'Europe/London', is_admin: true, email: 'ada@example.com' });

    const { user } = await client.users.info({ user: 'U1' });
    expect(user).toMatchObject({ id: 'U1', team_id: 'T1', real_name: 'Ada Lovelace', tz: 'Europe/London', is_admin: true, is_owner: false });
    expect([0, 3600]).toContain(user?.tz_offset);
    expect(user?.tz_label).toMatch(/Time/);
    expect(user?.profile?.email).toBe('ada@example.com');

    const byEmail = await client.users.lookupByEmail({ email: 'ADA@example.com' });
    expect(byEmail.user?.id).toBe('U1');

    expect((await platformError(client.users.info({ user: 'U404' }))).data.error).toBe('user_not_found');
    expect((await platformError(client.users.lookupByEmail({ email: 'x@y.z' }))).data.error).toBe('users_not_found');
  });

  it('stores opened views and rejects views.update with a stale hash', async () => {
    const opened = await client.views.open({ trigger_id: fake.issueTriggerId(), view: modal({ private_metadata: '{"a":1}' }) });
    const view = opened.view!;
    expect(view.id).toMatch(/^V\d{4}$/);
    expect(view).toMatchObject({ team_id: 'T1', callback_id: 'add_event', private_metadata: '{"a":1}', state: { values: {} } });
    expect(fake.views.get(view.id!)?.blocks).toEqual([section('Hello')]);
    expect(fake.callsTo('views.open')[0]?.args.view).toMatchObject({ callback_id: 'add_event' });

    const updated = await client.views.update({ view_id: view.id!, hash: view.hash!, view: modal({ blocks: [section('Step 2')] }) });
    expect(updated.view?.id).toBe(view.id);
    expect(updated.view?.hash).not.toBe(view.hash);

    const stale = await platformError(client.views.update({ view_id: view.id!, hash: view.hash!, view: modal() }));
    expect(stale.data.error).toBe('hash_conflict');
    expect(fake.views.get(view.id!)?.blocks).toEqual([section('Step 2')]);

    const missing = await platformError(client.views.update({ view_id: 'V9999', view: modal() }));
    expect(missing.data.error).toBe('not_found');

    const pushed = await client.views.push({ trigger_id: fake.issueTriggerId(), view: modal({ external_id: 'ext-1' }) });
    const byExternal = await client.views.update({ external_id: 'ext-1', view: modal({ blocks: [section('via external id')] }) });
    expect(byExternal.view?.id).toBe(pushed.view?.id);
  });

  it('keeps what a person entered across views.update only for inputs with the same block_id and action_id', async () => {
    const input = (blockId: string, element: Record<string, unknown>) => ({ type: 'input', block_id: blockId, label: { type: 'plain_text', text: blockId }, element: { action_id: 'value', ...element } });
    const form = (blocks: unknown[]) => modal({ submit: { type: 'plain_text', text: 'Save' }, blocks });
    const opened = await client.views.open({
      trigger_id: fake.issueTriggerId(),
      view: form([input('title', { type: 'plain_text_input' }), input('day', { type: 'datepicker', initial_date: '2026-12-03' }), input('at', { type: 'timepicker', initial_time: '09:00' })]),
    });
    const id = opened.view!.id!;
    // Untouched inputs report their initial values, as Slack's view.state does.
    expect(fake.views.get(id)?.state.values).toEqual({
      title: { value: { type: 'plain_text_input', value: null } },
      day: { value: { type: 'datepicker', selected_date: '2026-12-03' } },
      at: { value: { type: 'timepicker', selected_time: '09:00' } },
    });
    fake.enterValues(id, { title: { value: { type: 'plain_text_input', value: 'Kickoff' } }, at: { value: { type: 'timepicker', selected_time: '10:15' } } });
    expect(() => fake.enterValues(id, { nowhere: { value: { type: 'plain_text_input', value: 'x' } } })).toThrow(/no input nowhere/);

    // Same ids: what was typed wins over a new initial value. A new block_id shows its initial value.
    await client.views.update({
      view_id: id,
      view: form([input('title', { type: 'plain_text_input', initial_value: 'Other' }), input('day', { type: 'datepicker', initial_date: '2026-12-04' }), input('at.1', { type: 'timepicker', initial_time: '11:00' })]),
    });
    expect(fake.views.get(id)?.state.values).toEqual({
      title: { value: { type: 'plain_text_input', value: 'Kickoff' } },
      day: { value: { type: 'datepicker', selected_date: '2026-12-03' } },
      'at.1': { value: { type: 'timepicker', selected_time: '11:00' } },
    });
  });

  it('keeps the last published home view per user for homeOf', async () => {
    const home = (text: string) => ({ type: 'home' as const, blocks: [section(text)] });
    const first = await client.views.publish({ user_id: 'U1', view: home('v1') });
    const second = await client.views.publish({ user_id: 'U1', view: home('v2') });
    expect(second.view?.id).toBe(first.view?.id);
    expect(fake.homeOf('U1')?.blocks).toEqual([section('v2')]);
    expect(fake.homeOf('U1', 'T1')?.type).toBe('home');
    expect(fake.homeOf('U2')).toBeUndefined();

    const modalAsHome = await platformError(client.views.publish({ user_id: 'U1', view: modal() }));
    expect(modalAsHome.data.error).toBe('invalid_arguments');
  });

  it('injects platform errors for the next N calls', async () => {
    fake.fail('chat.postMessage', { error: 'channel_not_found', times: 2 });
    for (let i = 0; i < 2; i++) {
      const err = await platformError(client.chat.postMessage({ channel: 'C1', text: 'hi' }));
      expect(err.data.error).toBe('channel_not_found');
    }
    await expect(client.chat.postMessage({ channel: 'C1', text: 'hi' })).resolves.toMatchObject({ ok: true });
    expect(fake.callsTo('chat.postMessage')).toHaveLength(3);
  });

  it('injects 429s with Retry-After and other HTTP statuses', async () => {
    const strict = makeClient({ rejectRateLimitedCalls: true });
    fake.fail('users.info', { status: 429, retryAfter: 7 });
    const limited = await strict.users.info({ user: 'U1' }).catch((e: unknown) => e);
    expect(limited).toBeInstanceOf(WebAPIRateLimitedError);
    expect((limited as WebAPIRateLimitedError).retryAfter).toBe(7);

    fake.fail('auth.test', { status: 503 });
    const http = await client.auth.test().catch((e: unknown) => e);
    expect(http).toBeInstanceOf(WebAPIHTTPError);
    expect((http as WebAPIHTTPError).statusCode).toBe(503);
    expect(fake.callsTo('users.info')).toHaveLength(1);
  });

  it('limits conversations.open to Tier 3, 50 a minute per workspace, answering 429 with Retry-After', async () => {
    let at = Date.parse('2026-12-02T09:00:00Z');
    const timed = await startFakeSlack({ teamId: 'T1', botUserId: 'UBOT', botToken: 'xoxb-test', now: () => at });
    onTestFinished(() => timed.close());
    const strict = makeClient({ slackApiUrl: timed.apiUrl, rejectRateLimitedCalls: true });
    for (let i = 0; i < 50; i++) {
      await expect(strict.conversations.open({ users: `U${i}` })).resolves.toMatchObject({ ok: true });
      at += 500;
    }
    const limited = await strict.conversations.open({ users: 'U50' }).catch((e: unknown) => e);
    expect(limited).toBeInstanceOf(WebAPIRateLimitedError);
    // The first of the 50 leaves the minute 60 s after it was made: 35 s from now.
    expect((limited as WebAPIRateLimitedError).retryAfter).toBe(35);
    // Other methods are not held back by it.
    await expect(strict.chat.postMessage({ channel: 'U50', text: 'hi' })).resolves.toMatchObject({ ok: true });
    at += 35_000;
    // A sliding minute: the first call's slot is free again, the second's half a second later.
    await expect(strict.conversations.open({ users: 'U50' })).resolves.toMatchObject({ channel: { id: 'DU50' } });
    expect(await strict.conversations.open({ users: 'U51' }).catch((e: unknown) => e)).toMatchObject({ retryAfter: 1 });
    // Another workspace's install (its own bot token) has a minute of its own.
    timed.registerToken('xoxb-other-workspace');
    const other = makeClient({ slackApiUrl: timed.apiUrl, rejectRateLimitedCalls: true }, 'xoxb-other-workspace');
    await expect(other.conversations.open({ users: 'U51' })).resolves.toMatchObject({ ok: true });
  });

  it('delays responses via fail({delayMs}) and setLatency (timed on vitest\u2019s clock)', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      /** Sends auth.test and waits until the fake has it; `answered()` says whether its answer has come. */
      const send = async () => {
        const since = fake.calls.length;
        let done = false;
        const call = client.auth.test().then((r) => ((done = true), r));
        await fake.waitForCall('auth.test', (c) => fake.calls.indexOf(c) >= since);
        return { call, answered: () => done };
      };
      /** Moves the clock on, then lets an undelayed call go round first, so an answer due by now has come. */
      const after = async (ms: number) => {
        vi.advanceTimersByTime(ms);
        fake.setLatency(0);
        await expect(makeClient().auth.test()).resolves.toMatchObject({ ok: true });
      };

      fake.fail('auth.test', { delayMs: 150 });
      const failed = await send();
      await after(149);
      expect(failed.answered()).toBe(false);
      await after(1);
      expect(failed.answered()).toBe(true);
      await expect(failed.call).resolves.toMatchObject({ ok: true });

      fake.setLatency(100);
      const slow = await send();
      await after(99);
      expect(slow.answered()).toBe(false);
      await after(1);
      expect(slow.answered()).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it('holds response_url replies until released, recording the posts at once', async () => {
    const release = fake.holdResponses();
    const url = fake.responseUrl();
    let answered = false;
    const post = fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"text":"hi"}' }).then((r) => ((answered = true), r));
    expect((await fake.waitForResponse((r) => r.url === url)).body).toEqual({ text: 'hi' });
    // A later post to Slack's API is answered; the held one is not.
    await expect(client.auth.test()).resolves.toMatchObject({ ok: true });
    expect(answered).toBe(false);
    release();
    expect((await post).status).toBe(200);
  });

  it('rejects payloads that break Slack limits, and still records them', async () => {
    const tooMany = Array.from({ length: 101 }, (_, i) => section(`row ${i}`));
    const views = await platformError(client.views.open({ trigger_id: fake.issueTriggerId(), view: modal({ blocks: tooMany }) }));
    expect(views.data.error).toBe('invalid_arguments');
    expect(fake.callsTo('views.open')[0]?.args.view).toMatchObject({ blocks: tooMany });
    expect(fake.views.size).toBe(0);

    const message = await platformError(client.chat.postMessage({ channel: 'C1', text: 'x', blocks: tooMany.slice(0, 51) }));
    expect(message.data.error).toBe('invalid_blocks');

    const longText = await platformError(client.chat.postMessage({ channel: 'C1', text: 'x', blocks: [section('a'.repeat(3001))] }));
    expect(longText.data.error).toBe('invalid_blocks');
    expect(longText.data.response_metadata?.messages?.[0]).toContain('/blocks/0/text/text');

    const longTitle = modal({ title: { type: 'plain_text', text: 'A title that is far too long' } });
    expect((await platformError(client.views.open({ trigger_id: fake.issueTriggerId(), view: longTitle }))).data.error).toBe('invalid_arguments');

    const bigMetadata = modal({ private_metadata: 'x'.repeat(3001) });
    expect((await platformError(client.views.open({ trigger_id: fake.issueTriggerId(), view: bigMetadata }))).data.error).toBe('invalid_arguments');

    await expect(client.chat.postMessage({ channel: 'C1', text: 'x', blocks: tooMany.slice(0, 50) })).resolves.toMatchObject({ ok: true });
  });

  it('waitForCall resolves for past and future calls and explains timeouts', async () => {
    await client.chat.postMessage({ channel: 'C1', text: 'earlier' });
    await expect(fake.waitForCall('chat.postMessage')).resolves.toMatchObject({ args: { text: 'earlier' } });

    const later = fake.waitForCall('chat.postMessage', (c) => c.args.text === 'later');
    await client.chat.postMessage({ channel: 'C1', text: 'later' });
    await expect(later).resolves.toMatchObject({ args: { channel: 'C1', text: 'later' } });

    const timeout = fake.waitForCall('views.publish', undefined, 50);
    await expect(timeout).rejects.toThrow(/views\.publish.*50ms[\s\S]*chat\.postMessage.*later/);
  });

  it('records response_url posts and waitForResponse finds them', async () => {
    const url = fake.responseUrl();
    expect(url).toMatch(new RegExp(`^${fake.baseUrl}/response/\\d+$`));
    expect(fake.responseUrl()).not.toBe(url);

    const waiting = fake.waitForResponse((r) => r.body.text === 'Done');
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ replace_original: true, text: 'Done' }),
    });
    expect(res.status).toBe(200);
    await expect(waiting).resolves.toMatchObject({ url, body: { replace_original: true, text: 'Done' } });
    expect(fake.responses).toHaveLength(1);
    await expect(fake.waitForResponse(undefined, 10)).resolves.toMatchObject({ url });
  });

  it('completes the files.uploadV2 flow', async () => {
    const result = await client.files.uploadV2({ channel_id: 'C1', content: 'hi', filename: 'a.txt' });
    expect(result.ok).toBe(true);
    expect(fake.calls.map((c) => c.method)).toEqual(['files.getUploadURLExternal', 'files.completeUploadExternal']);
    const complete = fake.callsTo('files.completeUploadExternal')[0];
    expect(complete?.args).toMatchObject({ channel_id: 'C1', files: [{ id: 'F0001', title: 'a.txt' }] });
    expect(fake.uploads).toHaveLength(1);
    expect(fake.uploads[0]).toMatchObject({ fileId: 'F0001', filename: 'a.txt' });
    expect(fake.uploads[0]?.content.toString()).toBe('hi');
  });

  it('refuses to share an upload in a channel the bot is not in, as chat.postMessage does', async () => {
    fake.addChannel({ id: 'C0OUTSIDE', name: 'outside', isMember: false });
    await expect(client.files.uploadV2({ channel_id: 'C0OUTSIDE', content: 'hi', filename: 'a.txt' })).rejects.toMatchObject({ data: { error: 'not_in_channel' } });
  });

  it('reset clears calls, failures and views but keeps users', async () => {
    fake.addUser({ id: 'U1', team_id: 'T1' });
    fake.fail('auth.test', { error: 'invalid_auth' });
    await client.views.publish({ user_id: 'U1', view: { type: 'home', blocks: [] } });
    fake.reset();
    expect(fake.calls).toHaveLength(0);
    expect(fake.homeOf('U1')).toBeUndefined();
    await expect(client.auth.test()).resolves.toMatchObject({ ok: true });
    await expect(client.users.info({ user: 'U1' })).resolves.toMatchObject({ user: { id: 'U1' } });
  });

  it('close() ends in-flight requests and pending waiters promptly', async () => {
    fake.fail('auth.test', { delayMs: 60_000 });
    const inFlight = client.auth.test().catch((e: unknown) => e);
    await fake.waitForCall('auth.test');
    const waiter = fake.waitForCall('never.called', undefined, 60_000);

    // The delayed answer is never sent: the request ends with an error, not with that answer.
    await fake.close();
    expect(await inFlight).toBeInstanceOf(WebAPIRequestError);
    await expect(waiter).rejects.toThrow(/closed/);
    await fake.close();
  });
});
