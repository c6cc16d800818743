import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, startTestApp, TEAM, type TestApp } from '../harness/app.js';
import type { Actor } from '../harness/slack-requests.js';
import { submitClientForm } from '../harness/client-form.js';
import { visibleText } from '../harness/visible.js';

// A member who manages nothing must not learn that "Acme Corp" exists: every answer about a
// client they may not see reads exactly like the answer about a client that does not exist.

const stranger: Actor = { teamId: TEAM, userId: 'U0STRANGER' };
const NOBODY_ID = 'cnotaclientatall0000000000';

/** The whole answer, hidden values and metadata included: they reach the member's Slack client too, so they must not differ either. */
const wholePayload = (x: unknown) => JSON.stringify(x);

/** The first thing Slack shows for a request: a response_url post, a modal update or a DM. */
async function firstAnswer(t: TestApp, send: (responseUrl: string) => Promise<unknown>): Promise<string> {
  const responseUrl = t.slack.responseUrl();
  const since = t.slack.calls.length;
  await send(responseUrl);
  const deadline = Date.now() + 20_000;
  const found = (out: string) => out.replaceAll(responseUrl, '<response_url>');
  for (;;) {
    const response = t.slack.responses.find((r) => r.url === responseUrl);
    if (response) return found(wholePayload(response.body));
    const call = t.slack.calls.slice(since).find((c) => c.method === 'views.update' || c.method === 'chat.postMessage');
    if (call) return found(wholePayload(call.method === 'views.update' ? call.args.view : call.args.blocks ?? call.args.text));
    if (Date.now() > deadline) throw new Error('no answer from the app');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The answer with the reference the user typed, where it is echoed in quotes, swapped for another. */
const quoted = (out: string, ref: string, other: string) =>
  out.replaceAll(`\\"${ref}\\"`, `\\"${other}\\"`).replaceAll(`\u201c${ref}\u201d`, `\u201c${other}\u201d`);

describe('clients a member may not see are indistinguishable from clients that do not exist', () => {
  let t: TestApp;
  let acmeId: string;
  beforeAll(async () => {
    t = await startTestApp();
    t.slack.addUser({ id: admin.userId, team_id: TEAM, is_admin: true, tz: 'UTC' });
    t.slack.addUser({ id: stranger.userId, team_id: TEAM, tz: 'UTC' });
    expect((await submitClientForm(t, admin, { name: 'Acme Corp', timeZone: 'UTC', email: 'ceo@acme.com' })).body).toBe('');
    acmeId = (await t.app.db.prisma.client.findFirstOrThrow({ where: { teamId: TEAM, name: 'Acme Corp' } })).id;
  });
  afterAll(async () => t?.close());

  const command = (text: string) => firstAnswer(t, (url) => t.requests.command(text, stranger, { response_url: url }));

  // Each reference to Acme Corp is paired with one of the same shape that names nothing.
  const refs: [string, string][] = [
    ['a', 'q'],
    ['acme', 'qxyz'],
    ['acme-corp', 'qxyz-qxyz'],
    ['Acme Corp', 'Qxyz Qxyz'],
    ['acme corq', 'qxyz qxyq'],
    ['Acme Crop', 'Qxyz Qxzy'],
  ];
  const templates = [
    'use {}',
    'use "{}"',
    'client edit {}',
    'client remove "{}"',
    'client google {}',
    'connect {}',
    'disconnect {}',
    'calendars {}',
    'events "{}" next week',
    'event new "{}"',
    'agenda "{}"',
    'conflicts "{}" today',
    'free "{}" tomorrow',
    'add "{}" Lunch tomorrow at noon',
    'block "{}" OOO Dec 24-26',
  ];

  it.each(templates)('`/calstack %s`', async (template) => {
    // Every shape for `use`; a prefix, an exact name and a typo for the rest keep the test short.
    for (const [secret, unknown] of template.startsWith('use') ? refs : [refs[1]!, refs[3]!, refs[5]!]) {
      const aboutSecret = await command(template.replace('{}', secret));
      const aboutNothing = await command(template.replace('{}', unknown));
      const echoed = quoted(aboutSecret, secret, unknown);
      expect(echoed, `${template} with ${secret}`).toBe(aboutNothing);
      expect(echoed).not.toMatch(/acme[ -]corp/i);
    }
  });

  const menu = (verb: string, id: string) =>
    firstAnswer(t, (url) =>
      t.requests.blockAction(
        stranger,
        { type: 'overflow', action_id: 'client_menu', block_id: `client:${id}`, selected_option: { text: { type: 'plain_text', text: verb }, value: `${verb}:${id}` } },
        { response_url: url, container: { type: 'view', view_id: 'VHOME' }, view: { id: 'VHOME', type: 'home' } },
      ),
    );
  const button = (action_id: string, value: string) =>
    firstAnswer(t, (url) => t.requests.blockAction(stranger, { type: 'button', action_id, value }, { response_url: url }));
  const submit = async (callback_id: string, id: string, state: Record<string, unknown> = { values: {} }) =>
    wholePayload((await t.requests.viewSubmission(stranger, { id: 'V0X', callback_id, private_metadata: JSON.stringify({ clientId: id }), state })).json);

  const byId: [string, (id: string) => Promise<string>][] = [
    ...['edit', 'remove', 'google', 'disconnect', 'connect'].map((verb) => [`client menu: ${verb}`, (id: string) => menu(verb, id)] as [string, (id: string) => Promise<string>]),
    ['Reconnect button', (id) => button('client_connect', id)],
    ['quick-add Undo', (id) => button('quick_undo', JSON.stringify({ c: id, k: 'primary', e: 'abcde12345' }))],
    ['event Edit', (id) => button('event_edit', JSON.stringify({ c: id, k: 'primary', e: 'abcde12345' }))],
    ['New event on a list', (id) => button('event_new', `${id}|primary`)],
    ['Book a free slot', (id) => button('free_book', JSON.stringify({ s: Date.now() + 86_400_000, e: Date.now() + 90_000_000, c: [id] }))],
    ['client form submitted', (id) => submit('client_modal', id, { values: { client_name: { name: { type: 'plain_text_input', value: 'Mine now' } }, client_tz: { tz: { type: 'external_select', selected_option: { value: 'UTC', text: { type: 'plain_text', text: 'UTC' } } } } } })],
    ['remove confirmed', (id) => submit('client_remove', id)],
    ['disconnect confirmed', (id) => submit('client_disconnect', id)],
  ];

  it.each(byId)('%s with the id of a client not theirs', async (_name, act) => {
    const aboutSecret = await act(acmeId);
    const aboutNothing = await act(NOBODY_ID);
    expect(aboutSecret.replaceAll(acmeId, NOBODY_ID)).toBe(aboutNothing);
    expect(aboutSecret).not.toMatch(/acme[ -]corp/i);
    expect(await t.app.db.prisma.client.findUniqueOrThrow({ where: { id: acmeId } })).toMatchObject({ name: 'Acme Corp' });
  });

  it('admins still find every client by any reference', async () => {
    for (const ref of ['a', 'acme', 'acme-corp', '"Acme Corp"']) {
      const out = visibleText((await t.command(`use ${ref}`, admin)).response);
      expect(out).toContain('*Acme Corp* is now your default client');
    }
    expect(visibleText((await t.command('use acme corq', admin)).response)).toContain('Did you mean "Acme Corp"');
  });
});
