import {
  LogLevel,
  WebAPIHTTPError,
  WebAPIPlatformError,
  WebAPIRateLimitedError,
  WebAPIRequestError,
  WebClient,
  type WebClientOptions,
} from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startFakeSlack, type FakeSlack } from './slack.js';

// Expected Slack errors make WebClient log; keep test output quiet.
const silentLogger: NonNullable<WebClientOptions['logger']> = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  setLevel: () => undefined,
  getLevel: () => LogLevel.ERROR,
  setName: () => undefined,
};

let fake: FakeSlack;
let client: WebClient;

function makeClient(options: WebClientOptions = {}): WebClient {
  return new WebClient('xoxb-test', {
    slackApiUrl: fake.apiUrl,
    retryConfig: { retries: 0 },
    logger: silentLogger,
    ...options,
  });
}

async function platformError(promise: Promise<unknown>): Promise<WebAPIPlatformError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(WebAPIPlatformError);
  return err as WebAPIPlatformError;
}

const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });
const modal = (extra: Record<string, unknown> = {}) => ({
  type: 'modal' as const,
  callback_id: 'add_event',
  title: { type: 'plain_text' as const, text: 'Add event' },
  blocks: [section('Hello')],
  ...extra,
});

beforeEach(async () => {
  fake = await startFakeSlack({ teamId: 'T1', botUserId: 'UBOT', botToken: 'xoxb-test' });
  client = makeClient();
});

afterEach(async () => {
  await fake.close();
});

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

describe('the fake refuses what Slack refuses', () => {
  const post = (blocks: unknown[]) => client.chat.postMessage({ channel: 'C1', text: 'x', blocks: blocks as never });
  const open = (view: Record<string, unknown>) => client.views.open({ trigger_id: fake.issueTriggerId(), view: view as never });
  const plain = (text: string) => ({ type: 'plain_text', text });
  const mrkdwn = (text: string) => ({ type: 'mrkdwn', text });
  const option = (text: string, value = 'v') => ({ text: plain(text), value });
  const button = (extra: Record<string, unknown>) => ({ type: 'button', action_id: 'b', text: plain('Go'), ...extra });
  const withAccessory = (accessory: Record<string, unknown>) => [{ type: 'section', text: mrkdwn('Pick'), accessory }];
  const select = (options: unknown[], extra: Record<string, unknown> = {}) => ({ type: 'static_select', action_id: 's', options, ...extra });
  const input = (label: unknown, element: Record<string, unknown> = { type: 'plain_text_input', action_id: 'i' }) => ({ type: 'input', block_id: 'in', label, element });
  const optionsOf = (n: number) => Array.from({ length: n }, (_, i) => option(`Option ${i}`, `v${i}`));

  it('answers not_authed without a token and invalid_auth for a token it never issued, on every method', async () => {
    const anonymous = new WebClient(undefined, { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 }, logger: silentLogger });
    const stranger = new WebClient('xoxb-someone-else', { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 }, logger: silentLogger });
    for (const method of ['auth.test', 'chat.postMessage', 'users.info', 'views.publish']) {
      expect((await platformError(anonymous.apiCall(method, { channel: 'C1', text: 'x' }))).data.error).toBe('not_authed');
      expect((await platformError(stranger.apiCall(method, { channel: 'C1', text: 'x' }))).data.error).toBe('invalid_auth');
    }
    fake.registerToken('xoxb-someone-else');
    await expect(stranger.auth.test()).resolves.toMatchObject({ ok: true });
  });

  it('takes a trigger_id once, only one it issued, and only within 3 s of issue', async () => {
    let clock = 1_000_000;
    const timed = await startFakeSlack({ botToken: 'xoxb-test', now: () => clock });
    try {
      const c = new WebClient('xoxb-test', { slackApiUrl: timed.apiUrl, retryConfig: { retries: 0 }, logger: silentLogger });
      const first = timed.issueTriggerId();
      expect(first).toMatch(/^\d+\.\d+\.[0-9a-f]+$/);
      await expect(c.views.open({ trigger_id: first, view: modal() })).resolves.toMatchObject({ ok: true });
      expect((await platformError(c.views.open({ trigger_id: first, view: modal() }))).data.error).toBe('exchanged_trigger_id');
      expect((await platformError(c.views.push({ trigger_id: first, view: modal() }))).data.error).toBe('exchanged_trigger_id');
      expect((await platformError(c.views.open({ trigger_id: '12345.98765.abcd2358fdea', view: modal() }))).data.error).toBe('invalid_trigger_id');

      const onTime = timed.issueTriggerId();
      const late = timed.issueTriggerId();
      clock += 3000;
      await expect(c.views.push({ trigger_id: onTime, view: modal() })).resolves.toMatchObject({ ok: true });
      clock += 1;
      expect((await platformError(c.views.open({ trigger_id: late, view: modal() }))).data.error).toBe('expired_trigger_id');
      expect(timed.triggerAges).toEqual([0, 3000, 3001]);
    } finally {
      await timed.close();
    }
  });

  it('validates response_url bodies like chat.postMessage and takes at most 5 per URL', async () => {
    const respond = async (url: string, body: unknown) => {
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      return { status: res.status, text: await res.text() };
    };
    const url = fake.responseUrl();
    const huge = Array.from({ length: 60 }, () => section('a'.repeat(4000)));
    expect(await respond(url, { text: 'x', blocks: huge })).toEqual({ status: 400, text: 'invalid_blocks' });
    expect(await respond(url, { text: 'x', blocks: Array.from({ length: 51 }, () => section('a')) })).toEqual({ status: 400, text: 'invalid_blocks' });
    expect(await respond(url, { text: 'x', blocks: [section('a'.repeat(3001))] })).toEqual({ status: 400, text: 'invalid_blocks' });
    expect(await respond(url, { text: 'x', blocks: withAccessory(button({ value: 'v'.repeat(2001) })) })).toEqual({ status: 400, text: 'invalid_blocks' });
    expect(await respond(url, { response_type: 'ephemeral' })).toEqual({ status: 400, text: 'no_text' });
    expect(fake.responses).toHaveLength(0);
    expect(fake.refusedResponses.map((r) => r.error)).toEqual(['invalid_blocks', 'invalid_blocks', 'invalid_blocks', 'invalid_blocks', 'no_text']);

    expect((await respond(url, { text: 'x', blocks: Array.from({ length: 50 }, () => section('a'.repeat(3000))) })).status).toBe(200);
    expect((await respond(url, { delete_original: true })).status).toBe(200);
    for (let i = 0; i < 3; i++) expect((await respond(url, { text: `reply ${i}` })).status).toBe(200);
    expect(await respond(url, { text: 'sixth' })).toEqual({ status: 404, text: 'used_url' });
    expect(fake.responses).toHaveLength(5);
    await expect(fake.waitForResponse((r) => r.body.text === 'sixth', 20)).rejects.toThrow(/refused \(used_url\)/);
  });

  const refusals: { name: string; ok: unknown[]; bad: unknown[]; pointer: string }[] = [
    { name: 'an overflow menu of more than 5 options', ok: withAccessory({ type: 'overflow', action_id: 'o', options: optionsOf(5) }), bad: withAccessory({ type: 'overflow', action_id: 'o', options: optionsOf(6) }), pointer: '/blocks/0/accessory/options' },
    { name: 'a static_select of more than 100 options', ok: withAccessory(select(optionsOf(100))), bad: withAccessory(select(optionsOf(101))), pointer: '/blocks/0/accessory/options' },
    { name: 'a button value over 2,000 characters', ok: withAccessory(button({ value: 'v'.repeat(2000) })), bad: withAccessory(button({ value: 'v'.repeat(2001) })), pointer: '/blocks/0/accessory/value' },
    { name: 'an option value over 150 characters', ok: withAccessory(select([option('A', 'v'.repeat(150))])), bad: withAccessory(select([option('A', 'v'.repeat(151))])), pointer: '/blocks/0/accessory/options/0/value' },
    { name: 'an option text over 75 characters', ok: withAccessory(select([option('t'.repeat(75))])), bad: withAccessory(select([option('t'.repeat(76))])), pointer: '/blocks/0/accessory/options/0/text/text' },
    { name: 'an action_id over 255 characters', ok: withAccessory(button({ action_id: 'a'.repeat(255) })), bad: withAccessory(button({ action_id: 'a'.repeat(256) })), pointer: '/blocks/0/accessory/action_id' },
    { name: 'a block_id over 255 characters', ok: [{ ...section('x'), block_id: 'b'.repeat(255) }], bad: [{ ...section('x'), block_id: 'b'.repeat(256) }], pointer: '/blocks/0/block_id' },
    { name: 'a placeholder over 150 characters', ok: withAccessory(select(optionsOf(1), { placeholder: plain('p'.repeat(150)) })), bad: withAccessory(select(optionsOf(1), { placeholder: plain('p'.repeat(151)) })), pointer: '/blocks/0/accessory/placeholder/text' },
    { name: 'mrkdwn in a header', ok: [{ type: 'header', text: plain('Today') }], bad: [{ type: 'header', text: mrkdwn('*Today*') }], pointer: '/blocks/0/text/type' },
    { name: 'mrkdwn in a button text', ok: withAccessory(button({})), bad: withAccessory(button({ text: mrkdwn('*Go*') })), pointer: '/blocks/0/accessory/text/type' },
    { name: 'mrkdwn in an overflow option', ok: withAccessory({ type: 'overflow', action_id: 'o', options: [option('Edit')] }), bad: withAccessory({ type: 'overflow', action_id: 'o', options: [{ text: mrkdwn('*Edit*'), value: 'e' }] }), pointer: '/blocks/0/accessory/options/0/text/type' },
    { name: 'mrkdwn in a select option', ok: withAccessory(select([option('A')])), bad: withAccessory(select([{ text: mrkdwn('_A_'), value: 'a' }])), pointer: '/blocks/0/accessory/options/0/text/type' },
    { name: 'an image block without alt_text', ok: [{ type: 'image', image_url: 'https://example.com/a.png', alt_text: 'A chart' }], bad: [{ type: 'image', image_url: 'https://example.com/a.png' }], pointer: '/blocks/0' },
    { name: 'a context image without alt_text', ok: [{ type: 'context', elements: [{ type: 'image', image_url: 'https://example.com/a.png', alt_text: 'logo' }] }], bad: [{ type: 'context', elements: [{ type: 'image', image_url: 'https://example.com/a.png' }] }], pointer: '/blocks/0/elements/0' },
    { name: 'a confirm dialog with a mrkdwn title', ok: withAccessory(button({ confirm: { title: plain('Sure?'), text: mrkdwn('*Really*'), confirm: plain('Yes'), deny: plain('No') } })), bad: withAccessory(button({ confirm: { title: mrkdwn('*Sure?*'), text: mrkdwn('Really'), confirm: plain('Yes'), deny: plain('No') } })), pointer: '/blocks/0/accessory/confirm/title/type' },
    { name: 'a block type Slack does not have', ok: [{ type: 'divider' }], bad: [{ type: 'table' }], pointer: '/blocks/0/type' },
  ];

  it.each(refusals)('refuses $name in a message (invalid_blocks, with the pointer), and accepts the limit itself', async ({ ok, bad, pointer }) => {
    await expect(post(ok)).resolves.toMatchObject({ ok: true });
    const refused = await platformError(post(bad));
    expect(refused.data.error).toBe('invalid_blocks');
    expect(refused.data.response_metadata?.messages?.[0]).toContain(`[json-pointer:${pointer}]`);
  });

  it('refuses plain-text-only view fields given mrkdwn or past 24 characters, and views over 250 kB', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [modal({ title: mrkdwn('Add event') }), '/view/title/type'],
      [modal({ submit: plain('s'.repeat(25)) }), '/view/submit/text'],
      [modal({ close: mrkdwn('Cancel') }), '/view/close/type'],
      [modal({ submit: plain('Save'), blocks: [input(mrkdwn('*Title*'))] }), '/view/blocks/0/label/type'],
      [modal({ submit: plain('Save'), blocks: [input(plain('Title'), { type: 'plain_text_input', action_id: 'i', placeholder: mrkdwn('_e.g._') })] }), '/view/blocks/0/element/placeholder/type'],
    ];
    for (const [view, pointer] of cases) {
      const refused = await platformError(open(view));
      expect(['invalid_arguments', 'invalid_blocks']).toContain(refused.data.error);
      expect(refused.data.response_metadata?.messages?.[0]).toContain(`[json-pointer:${pointer}]`);
    }
    await expect(open(modal({ submit: plain('s'.repeat(24)), close: plain('Cancel'), blocks: [input(plain('Title'))] }))).resolves.toMatchObject({ ok: true });

    const heavy = Array.from({ length: 90 }, () => section('h'.repeat(2900)));
    expect((await platformError(open(modal({ blocks: heavy })))).data.error).toBe('view_too_large');
    expect(fake.views.size).toBe(1);
  });
});
