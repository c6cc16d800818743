import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, startTestApp, TEAM, type TestApp } from '../harness/app.js';
import { nextModal } from '../harness/modals.js';
import { submitClientForm, clientMenu } from '../harness/client-form.js';
import { visibleText } from '../harness/visible.js';
import { homeView } from '../../src/slack/views/home.js';
import { clientMenu as clientMenuView } from '../../src/slack/views/client-parts.js';
import type { Client } from '../../src/core/clients/types.js';
import type { HomeView } from '@slack/types';
import { blocksOf, inputElement, mrkdwnTexts } from '../slack/sent-blocks.js';

const EVIL = '<!channel> & *Acme*';

describe('user text is shown literally and pings nobody', () => {
  let t: TestApp;
  let id: string;
  beforeAll(async () => {
    t = await startTestApp();
    t.slack.addUser({ id: admin.userId, team_id: TEAM, is_admin: true, tz: 'UTC' });
    await submitClientForm(t, admin, { name: EVIL, email: 'a<b>@x.com', timeZone: 'UTC', notes: '<@U123> hi' });
    // The email is rejected above; save a valid one so the row exists.
    const res = await submitClientForm(t, admin, { name: EVIL, email: 'ok@x.com', timeZone: 'UTC', notes: '<@U123> hi' });
    expect(res.body).toBe('');
    id = (await t.app.db.prisma.client.findFirstOrThrow({ where: { teamId: TEAM } })).id;
  });
  afterAll(async () => t?.close());

  it('in the client list', async () => {
    const { response } = await t.command('clients', admin);
    const texts = mrkdwnTexts(response).join('\n');
    expect(texts).toContain('*&lt;!channel&gt; &amp; *Acme**');
    expect(texts).not.toContain('<!channel>');
  });

  it('on the Home tab', async () => {
    const since = t.slack.calls.length;
    await t.requests.event(TEAM, { type: 'app_home_opened', user: admin.userId, channel: 'D1', tab: 'home', event_ts: '1.2' });
    const home = await t.slack.waitForCall('views.publish', (c) => t.slack.calls.indexOf(c) >= since);
    const texts = mrkdwnTexts(home.args.view).join('\n');
    expect(texts).toContain('&lt;!channel&gt; &amp; *Acme*');
    expect(texts).not.toContain('<!channel>');
  });

  it('in the edit and remove modals', async () => {
    let since = t.slack.calls.length;
    await clientMenu(t, admin, 'edit', id);
    const edit = await nextModal(t, since, 'client_modal');
    // Plain-text inputs show the raw value literally; mrkdwn parts stay escaped.
    expect(inputElement(edit, 'client_name', 'plain_text_input').initial_value).toBe(EVIL);
    expect(mrkdwnTexts(edit).join('\n')).not.toContain('<!channel>');
    since = t.slack.calls.length;
    await clientMenu(t, admin, 'remove', id);
    const remove = await nextModal(t, since, 'client_remove');
    expect(mrkdwnTexts(remove).join('\n')).toContain('Remove *&lt;!channel&gt; &amp; *Acme**?');
    expect(mrkdwnTexts(remove).join('\n')).not.toContain('<!channel>');
  });

  it('in the confirmation after saving', async () => {
    const responseUrl = t.slack.responseUrl();
    const saved = await submitClientForm(t, admin, { name: `${EVIL} 2`, timeZone: 'UTC' }, JSON.stringify({ responseUrl }));
    expect(saved.body).toBe('');
    const confirmation = await t.slack.waitForResponse((r) => r.url === responseUrl);
    expect(confirmation.body.text).toContain('&lt;!channel&gt;');
    expect(confirmation.body.text).not.toContain('<!channel>');
  });
});

describe('the Home tab within Slack\u2019s limits', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    t.slack.addUser({ id: admin.userId, team_id: TEAM, is_admin: true, tz: 'Europe/Paris' });
    t.slack.addUser({ id: 'U0NEWBIE', team_id: TEAM, tz: 'UTC' });
  });
  afterAll(async () => t?.close());

  const openHome = async (userId: string, page?: number) => {
    const since = t.slack.calls.length;
    if (page === undefined) {
      await t.requests.event(TEAM, { type: 'app_home_opened', user: userId, channel: 'D1', tab: 'home', event_ts: '1.3' });
    } else {
      await t.requests.blockAction({ teamId: TEAM, userId }, { type: 'button', action_id: 'home_page:next', value: String(page) });
    }
    const call = await t.slack.waitForCall('views.publish', (c) => t.slack.calls.indexOf(c) >= since);
    // The fake Slack validates views as Slack does (block count, text lengths) and
    // stores only the views it accepted.
    const view = call.args.view as HomeView;
    await expect.poll(() => t.slack.homeOf(userId)?.blocks).toEqual(view.blocks);
    return { view, index: t.slack.calls.indexOf(call) };
  };

  it('with no clients: a first-run guide', async () => {
    const { view } = await openHome('U0NEWBIE');
    expect(visibleText(view)).toContain('Add a client');
    expect(visibleText(view)).toContain('Connect the client');
    expect(view.blocks.length).toBeLessThanOrEqual(100);
  });

  it('with 200 clients: pages that Slack accepts', async () => {
    const rows = Array.from({ length: 200 }, (_, i) => ({
      teamId: TEAM,
      name: `Client ${String(i).padStart(3, '0')} ${'long name '.repeat(8)}`.slice(0, 80),
      nameKey: `client ${String(i).padStart(3, '0')}`,
      slug: `client-${i}`,
      email: `client${i}@example.com`,
      timeZone: 'America/Argentina/ComodRivadavia',
      notes: 'n'.repeat(2000),
      createdBy: admin.userId,
    }));
    await t.app.db.prisma.client.createMany({ data: rows });
    const { view } = await openHome(admin.userId);
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    expect(visibleText(view)).toContain('1\u201320 of 200');
    expect(visibleText(view)).toContain('Client 000');
    const next = await openHome(admin.userId, 9);
    expect(visibleText(next.view)).toContain('181\u2013200 of 200');
    expect(visibleText(next.view)).toContain('Client 199');
    expect(next.view.blocks.length).toBeLessThanOrEqual(100);
    // The list command falls back to a compact list within a message's 50 blocks.
    const { response } = await t.command('clients', admin);
    expect(blocksOf(response).length).toBeLessThanOrEqual(50);
    expect(visibleText(response)).toContain('Client 199');
  });

  it('the client menu holds at most Slack\u2019s five overflow options in every connection state, the feed only on a working connection', () => {
    const base = { id: 'c1', teamId: TEAM, name: 'Acme', slug: 'acme', email: null, timeZone: 'UTC', notes: null, linkPreview: 'basic' as const, managers: ['U1'], createdBy: 'U1', createdAt: new Date(), updatedAt: new Date() };
    const states: Client['google'][] = [{ state: 'none' }, { state: 'connected', email: 'a@acme.com' }, { state: 'needs_reconnect', email: 'a@acme.com' }];
    for (const google of states) {
      const labels = clientMenuView({ ...base, google }).options.map((o) => o.text.text);
      expect(labels.length, google.state).toBeLessThanOrEqual(5);
      expect(labels.includes('Change feed on/off'), google.state).toBe(google.state === 'connected');
    }
  });

  it('a pure view of 200 clients stays within every limit', () => {
    const clients: Client[] = Array.from({ length: 200 }, (_, i) => ({
      id: `c${i}`, teamId: TEAM, name: 'N'.repeat(80), slug: `s${i}`, email: `${'e'.repeat(60)}@example.com`,
      timeZone: 'UTC', notes: null, linkPreview: 'basic' as const, managers: Array.from({ length: 30 }, (_, j) => `U${j}`), google: { state: 'none' as const }, createdBy: 'U1',
      createdAt: new Date(), updatedAt: new Date(),
    }));
    for (let page = 0; page < 10; page++) {
      const view = homeView({ clients, isAdmin: true, defaultClient: clients[0]!, timeZone: 'UTC', digest: { enabled: true, time: '08:00' }, page, now: new Date() });
      expect(view.blocks.length).toBeLessThanOrEqual(100);
      expect(JSON.stringify(view).length).toBeLessThan(250_000);
      for (const text of mrkdwnTexts(view)) expect(text.length).toBeLessThanOrEqual(3000);
    }
  });
});
