import { WebClient } from '@slack/web-api';
import { describe, expect, it } from 'vitest';
import { silentLogger, fake, client, platformError, section, modal, startFakeSlackEachTest } from './slack-test-kit.js';
import { startFakeSlack } from './slack.js';

startFakeSlackEachTest();

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
    { name: 'a block_id that is not a string', ok: [{ ...section('x'), block_id: 'b' }], bad: [{ ...section('x'), block_id: { id: 'b' } }], pointer: '/blocks/0/block_id' },
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
