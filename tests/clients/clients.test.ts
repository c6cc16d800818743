import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, startTestApp, TEAM, OTHER_TEAM, type TestApp } from '../harness/app.js';
import { nextModal } from '../harness/modals.js';
import { clientMenu, submitClientForm, submitRemove } from '../harness/client-form.js';
import { controls, formValues, stringsHolding, visibleText } from '../harness/visible.js';
import { inputElement } from '../slack/sent-blocks.js';

const operator = { teamId: TEAM, userId: 'U0OPERATOR' };
const stranger = { teamId: TEAM, userId: 'U0STRANGER' };
const otherAdmin = { teamId: OTHER_TEAM, userId: 'U0GLOBEXADMIN' };
/** Not a Slack admin: named in CALSTACK_ADMINS only. */
const listed = { teamId: TEAM, userId: 'U0LISTED' };

describe('client management through Slack', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { CALSTACK_ADMINS: `U0OTHER,${listed.userId}` } });
    t.slack.addUser({ id: admin.userId, team_id: TEAM, tz: 'Europe/Paris', is_admin: true });
    t.slack.addUser({ id: listed.userId, team_id: TEAM, tz: 'UTC' });
    t.slack.addUser({ id: operator.userId, team_id: TEAM, tz: 'America/New_York' });
    t.slack.addUser({ id: stranger.userId, team_id: TEAM, tz: 'Asia/Tokyo' });
    t.slack.addUser({ id: otherAdmin.userId, team_id: OTHER_TEAM, tz: 'UTC', is_owner: true });
  });
  afterAll(async () => t?.close());

  const clientsIn = (teamId: string) => t.app.db.prisma.client.findMany({ where: { teamId }, include: { managers: true } });

  it('adds, lists, edits and removes a client; the Home tab follows every change', async () => {
    // Add: the modal opens at once (loading), then the form arrives prefilled.
    let since = t.slack.calls.length;
    const add = await t.requests.command('client add Acme Corp', operator);
    expect(add.status).toBe(200);
    const opened = await t.slack.waitForCall('views.open', (c) => t.slack.calls.indexOf(c) >= since);
    expect(opened.args.view).toMatchObject({ title: { text: 'New client' } });
    const form = await nextModal(t, since, 'client_modal');
    expect(formValues(form).client_name).toBe('Acme Corp');
    expect(formValues(form).client_tz).toBe('America/New_York'); // the operator's zone by default
    expect(inputElement(form, 'client_managers', 'multi_users_select').initial_users).toEqual([operator.userId]);

    since = t.slack.calls.length;
    const submitted = await submitClientForm(t, operator, { name: 'Acme Corp', email: 'ceo@acme.com', timeZone: 'America/New_York', notes: 'VIP', managers: [] }, form.private_metadata);
    expect(submitted.status).toBe(200);
    expect(submitted.body).toBe('');
    const [acme] = await clientsIn(TEAM);
    expect(acme).toMatchObject({ name: 'Acme Corp', slug: 'acme-corp', email: 'ceo@acme.com', timeZone: 'America/New_York', notes: 'VIP', createdBy: operator.userId });
    expect(acme!.managers.map((m) => m.userId)).toEqual([operator.userId]);
    await t.slack.waitForResponse((r) => visibleText(r.body).includes('Added *Acme Corp*'));
    await t.slack.waitForCall('views.publish', (c) => t.slack.calls.indexOf(c) >= since && visibleText(c.args.view).includes('Acme Corp'));

    // List
    const list = await t.command('clients', operator);
    expect(list.response.response_type).toBe('ephemeral');
    expect(visibleText(list.response)).toContain('*Acme Corp*');
    expect(visibleText(list.response)).toContain('ceo@acme.com');
    expect(visibleText(list.response)).toContain('Google: not connected');
    expect(controls(list.response)).toContainEqual(expect.objectContaining({ actionId: 'client_menu', value: `edit:${acme!.id}` }));

    // Edit from the overflow menu: the modal comes prefilled.
    since = t.slack.calls.length;
    await clientMenu(t, operator, 'edit', acme!.id);
    const editForm = await nextModal(t, since, 'client_modal');
    expect(formValues(editForm).client_email).toBe('ceo@acme.com');
    since = t.slack.calls.length;
    const edited = await submitClientForm(t, operator, { name: 'Acme Holdings', email: 'ceo@acme.com', timeZone: 'Europe/London', notes: '', managers: [operator.userId, admin.userId] }, editForm.private_metadata);
    expect(edited.body).toBe('');
    const [renamed] = await clientsIn(TEAM);
    expect(renamed).toMatchObject({ id: acme!.id, name: 'Acme Holdings', slug: 'acme-holdings', timeZone: 'Europe/London', notes: null });
    expect(renamed!.managers.map((m) => m.userId).sort()).toEqual([admin.userId, operator.userId].sort());
    await t.slack.waitForCall('views.publish', (c) => t.slack.calls.indexOf(c) >= since && visibleText(c.args.view).includes('Acme Holdings'));

    // Remove: asks first, in a modal.
    since = t.slack.calls.length;
    await t.requests.command('client remove acme', operator);
    const confirm = await nextModal(t, since, 'client_remove');
    expect(visibleText(confirm)).toContain('Remove *Acme Holdings*?');
    expect(await clientsIn(TEAM)).toHaveLength(1);
    since = t.slack.calls.length;
    const removed = await t.requests.viewSubmission(operator, { id: 'V1', callback_id: 'client_remove', private_metadata: confirm.private_metadata, state: { values: {} } });
    expect(removed.body).toBe('');
    expect(await clientsIn(TEAM)).toHaveLength(0);
    const home = await t.slack.waitForCall('views.publish', (c) => t.slack.calls.indexOf(c) >= since && c.args.user_id === operator.userId);
    expect(stringsHolding(home.args.view, 'Acme Holdings')).toEqual([]);
    expect(visibleText(home.args.view)).toContain('Welcome!');

    // Every change left an audit record naming who did it.
    const audit = await t.app.db.prisma.auditLog.findMany({ where: { teamId: TEAM, entityId: acme!.id }, orderBy: { createdAt: 'asc' } });
    expect(audit.map((a) => [a.action, a.actorId])).toEqual([
      ['client.create', operator.userId],
      ['client.update', operator.userId],
      ['client.remove', operator.userId],
    ]);
    expect(audit[2]!.details).toMatchObject({ name: 'Acme Holdings', email: 'ceo@acme.com' });
  });

  describe('validation: an inline error on the field, nothing saved', () => {
    beforeAll(async () => {
      await submitClientForm(t, admin, { name: 'Globex', timeZone: 'UTC' });
    });
    const cases: [string, Record<string, unknown>, string, string][] = [
      ['empty name', { name: '   ', timeZone: 'UTC' }, 'client_name', 'Give the client a name.'],
      ['duplicate name in another case', { name: 'gLoBeX', timeZone: 'UTC' }, 'client_name', 'already exists'],
      ['bad email', { name: 'Initech', email: 'not-an-email', timeZone: 'UTC' }, 'client_email', 'email address'],
      ['unknown time zone', { name: 'Initech', timeZone: 'Mars/Olympus_Mons' }, 'client_tz', 'time zone'],
      ['notes too long', { name: 'Initech', timeZone: 'UTC', notes: 'x'.repeat(2001) }, 'client_notes', '2000 characters'],
    ];
    for (const [name, form, block, message] of cases) {
      it(name, async () => {
        const before = (await clientsIn(TEAM)).length;
        const res = await submitClientForm(t, admin, form);
        expect(res.status).toBe(200);
        expect(res.json?.response_action).toBe('errors');
        expect(res.json?.errors?.[block]).toContain(message);
        expect((await clientsIn(TEAM)).length).toBe(before);
      });
    }
  });

  it('an edit that changes neither the name nor the managers keeps both, and the slug', async () => {
    await submitClientForm(t, admin, { name: 'Dup Co', timeZone: 'UTC' });
    await submitClientForm(t, admin, { name: 'Dup Co!', timeZone: 'UTC', managers: [admin.userId, operator.userId] });
    const second = await t.app.db.prisma.client.findFirstOrThrow({ where: { teamId: TEAM, name: 'Dup Co!' } });
    expect(second.slug).toBe('dup-co-2');
    // An emptied managers field: a client always keeps at least one manager.
    const res = await submitClientForm(t, admin, { name: 'Dup Co!', email: 'new@dup.co', timeZone: 'UTC', managers: [] }, JSON.stringify({ clientId: second.id }));
    expect(res.body).toBe('');
    const saved = await t.app.db.prisma.client.findUniqueOrThrow({ where: { id: second.id }, include: { managers: true } });
    expect(saved).toMatchObject({ name: 'Dup Co!', slug: 'dup-co-2', email: 'new@dup.co' });
    expect(saved.managers.map((m) => m.userId).sort()).toEqual([admin.userId, operator.userId].sort());
  });

  describe('access: a non-admin who does not manage a client can do nothing with it, nor learn it exists', () => {
    let secret: { id: string };
    beforeAll(async () => {
      await submitClientForm(t, admin, { name: 'Secret Co', timeZone: 'UTC' });
      secret = (await t.app.db.prisma.client.findFirstOrThrow({ where: { teamId: TEAM, name: 'Secret Co' } }));
    });

    it('does not list it', async () => {
      const { response } = await t.command('clients', stranger);
      expect(stringsHolding(response, 'Secret Co')).toEqual([]);
      expect(visibleText(response)).toContain('Clients you manage');
    });

    it('refuses edit and remove commands', async () => {
      for (const cmd of ['client edit secret', 'client remove "Secret Co"']) {
        const since = t.slack.calls.length;
        await t.requests.command(cmd, stranger);
        const view = await nextModal(t, since);
        expect(visibleText(view)).toContain('couldn\u2019t find a client called');
        expect(stringsHolding(view, 'Secret Co\u2019')).toEqual([]);
        expect(view.callback_id).toBeUndefined();
      }
      const use = await t.command('use secret', stranger);
      expect(visibleText(use.response)).toContain('couldn\u2019t find a client called "secret"');
    });

    it('refuses replayed buttons and modal payloads carrying the client id', async () => {
      let since = t.slack.calls.length;
      await clientMenu(t, stranger, 'edit', secret.id);
      expect(visibleText(await nextModal(t, since))).toContain('no longer exists');
      since = t.slack.calls.length;
      await clientMenu(t, stranger, 'remove', secret.id);
      expect(visibleText(await nextModal(t, since))).toContain('no longer exists');

      const edit = await submitClientForm(t, stranger, { name: 'Hijacked', timeZone: 'UTC', managers: [stranger.userId] }, JSON.stringify({ clientId: secret.id }));
      expect(edit.json?.response_action).toBe('errors');
      expect(edit.json?.errors?.client_name).toContain('no longer exists');
      const remove = await submitRemove(t, stranger, secret.id);
      expect(remove.json?.response_action).toBe('update');
      expect(visibleText(remove.json?.view)).toContain('no longer exists');

      const still = await t.app.db.prisma.client.findUniqueOrThrow({ where: { id: secret.id }, include: { managers: true } });
      expect(still.name).toBe('Secret Co');
      expect(still.managers.map((m) => m.userId)).toEqual([admin.userId]);
    });

    it('lets CALSTACK_ADMINS-listed users and workspace admins see everything', async () => {
      for (const who of [admin, listed]) {
        const { response } = await t.command('clients', who);
        expect(visibleText(response), who.userId).toContain('Secret Co');
        expect(visibleText(response), who.userId).toContain('All clients of this workspace');
      }
    });

    it('lets a CALSTACK_ADMINS-listed user who is no Slack admin manage a client they are not a manager of', async () => {
      const use = await t.command('use secret', listed);
      expect(use.response.text).toBe(':white_check_mark: *Secret Co* is now your default client.');
      const since = t.slack.calls.length;
      await clientMenu(t, listed, 'edit', secret.id);
      const form = await nextModal(t, since, 'client_modal');
      expect(inputElement(form, 'client_name', 'plain_text_input').initial_value).toBe('Secret Co');
    });

    it('forgets a default client once its user no longer manages it', async () => {
      await submitClientForm(t, admin, { name: 'Former Co', timeZone: 'UTC', managers: [admin.userId, stranger.userId] });
      const former = await t.app.db.prisma.client.findFirstOrThrow({ where: { teamId: TEAM, name: 'Former Co' } });
      expect((await t.command('use former', stranger)).response.text).toBe(':white_check_mark: *Former Co* is now your default client.');
      const dropped = await submitClientForm(t, admin, { name: 'Former Co', timeZone: 'UTC', managers: [admin.userId] }, JSON.stringify({ clientId: former.id }));
      expect(dropped.body).toBe('');
      // The setting still names the client; the access rule, not a cleanup, keeps it from being used.
      const settings = await t.app.db.prisma.userSettings.findUniqueOrThrow({ where: { teamId_userId: { teamId: TEAM, userId: stranger.userId } } });
      expect(settings.defaultClientId).toBe(former.id);
      expect((await t.command('use', stranger)).response.text).toBe('You have no default client. Set one with `/calstack use <client>`.');
      const since = t.slack.calls.length;
      await t.requests.event(TEAM, { type: 'app_home_opened', user: stranger.userId, channel: 'D2', tab: 'home', event_ts: '2.1' });
      const home = await t.slack.waitForCall('views.publish', (c) => t.slack.calls.indexOf(c) >= since && c.args.user_id === stranger.userId);
      expect(visibleText(home.args.view)).toContain('Default client: none');
      expect(stringsHolding(home.args.view, 'Former Co')).toEqual([]);
    });
  });

  describe('two workspaces', () => {
    it('keeps same-named clients apart and never crosses over', async () => {
      await submitClientForm(t, admin, { name: 'Twin', timeZone: 'UTC' });
      const twinRes = await submitClientForm(t, otherAdmin, { name: 'Twin', timeZone: 'UTC' });
      expect(twinRes.body).toBe('');
      const mine = await t.app.db.prisma.client.findFirstOrThrow({ where: { teamId: TEAM, name: 'Twin' } });
      const theirs = await t.app.db.prisma.client.findFirstOrThrow({ where: { teamId: OTHER_TEAM, name: 'Twin' } });
      expect(mine.id).not.toBe(theirs.id);
      expect(theirs.slug).toBe('twin');

      const list = await t.command('clients', otherAdmin);
      expect(controls(list.response)).toContainEqual(expect.objectContaining({ actionId: 'client_menu', value: `edit:${theirs.id}` }));
      expect(stringsHolding(list.response, mine.id)).toEqual([]);
      expect(stringsHolding(list.response, 'Secret Co')).toEqual([]);

      // An admin of the other workspace replays this workspace's client id.
      const edit = await submitClientForm(t, otherAdmin, { name: 'Stolen', timeZone: 'UTC' }, JSON.stringify({ clientId: mine.id }));
      expect(edit.json?.response_action).toBe('errors');
      expect(edit.json?.errors?.client_name).toContain('no longer exists');
      const remove = await submitRemove(t, otherAdmin, mine.id);
      expect(remove.json?.response_action).toBe('update');
      expect(await t.app.db.prisma.client.findUnique({ where: { id: mine.id } })).not.toBeNull();
    });
  });
});
