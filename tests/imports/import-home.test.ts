// Import from the Home tab, and the modal's client choice: choosing a client shows its calendars,
// and the file lands in the calendar chosen; a user with no connected client is told what to do.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectedClientApp, operator, type ConnectedApp } from '../harness/connected.js';
import { TEAM } from '../harness/app.js';
import { actInModal, openedModalId } from '../harness/modals.js';
import { visibleText } from '../harness/visible.js';
import { finalReport, upload } from './import-kit.js';

const PROJECTS = 'projects@group.calendar.google.com';
const newcomer = { teamId: TEAM, userId: 'U0NEWCOMER' };

describe('import from the Home tab', () => {
  let t: ConnectedApp<'Acme' | 'Globex'>;

  beforeAll(async () => {
    t = await connectedClientApp({
      now: '2027-02-01T09:00:00Z',
      clients: [
        { name: 'Acme', email: 'ceo@acme.com', timeZone: 'Europe/Paris' },
        { name: 'Globex', email: 'ceo@globex.com', timeZone: 'America/New_York', calendars: [{ id: PROJECTS, summary: 'Projects', timeZone: 'America/New_York' }] },
      ],
      users: [{ id: newcomer.userId, team_id: TEAM, tz: 'UTC' }],
    });
  });
  afterAll(() => t?.close());

  it('the button opens the modal; choosing a client shows its calendars; the file lands in the one chosen', async () => {
    // The Home tab shows the button.
    await t.requests.event(TEAM, { type: 'app_home_opened', user: operator.userId, tab: 'home' });
    const home = await t.slack.waitForCall('views.publish', (c) => c.args.user_id === operator.userId);
    expect(JSON.stringify(home.args.view)).toContain('"action_id":"home_import"');

    const since = t.slack.calls.length;
    expect((await t.requests.blockAction(operator, { type: 'button', action_id: 'home_import' })).status).toBe(200);
    const viewId = await openedModalId(t, since, 'import_modal');
    const first = t.slack.views.get(viewId)!;
    // No default client: the connected clients to choose from, no calendar yet.
    const picker = first.blocks.find((b) => b.block_id === 'import_client') as { dispatch_action?: boolean; element: { options: { value: string }[] } };
    expect(picker.dispatch_action).toBe(true);
    expect(picker.element.options.map((o) => o.value)).toHaveLength(2);
    expect(first.blocks.some((b) => b.block_id === 'import_calendar')).toBe(false);

    const globex = (await t.app.db.prisma.client.findFirstOrThrow({ where: { teamId: TEAM, name: 'Globex' } })).id;
    t.slack.enterValues(viewId, { import_client: { import_client: { type: 'static_select', selected_option: { value: globex, text: { type: 'plain_text', text: 'Globex' } } } } });
    const chosen = t.slack.calls.length;
    await actInModal(t, operator, viewId, { type: 'static_select', block_id: 'import_client', action_id: 'import_client', selected_option: { value: globex, text: { type: 'plain_text', text: 'Globex' } } });
    await t.slack.waitForCall('views.update', (c) => t.slack.calls.indexOf(c) >= chosen && c.args.view_id === viewId);
    const second = t.slack.views.get(viewId)!;
    expect(visibleText(second.blocks[0])).toContain('into *Globex*');
    const calendars = second.blocks.find((b) => b.block_id === 'import_calendar') as { element: { options: { value: string }[] } } | undefined;
    expect(calendars?.element.options.map((o) => o.value)).toEqual(['ceo@globex.com', PROJECTS]);

    const file = upload(t, operator, 'launch.csv', 'title,start,end\nLaunch review,2027-02-10 15:00,2027-02-10 16:00\n');
    t.slack.enterValues(viewId, {
      import_file: { import_file: { type: 'file_input', files: [file] } },
      import_calendar: { import_calendar: { type: 'static_select', selected_option: { value: PROJECTS, text: { type: 'plain_text', text: 'Projects' } } } },
    });
    const submitted = t.slack.calls.length;
    const view = t.slack.views.get(viewId)!;
    expect((await t.requests.viewSubmission(operator, { id: viewId, callback_id: view.callback_id, private_metadata: view.private_metadata, state: view.state })).status).toBe(200);
    expect(String((await finalReport(t, submitted)).args.text)).toBe('Imported launch.csv into Globex. 1 created, 0 updated, 0 skipped, 0 failed.');
    const launched = t.google.events(PROJECTS).filter((e) => e.summary === 'Launch review');
    expect(launched).toHaveLength(1);
    expect(launched[0]?.start).toMatchObject({ timeZone: 'America/New_York' });
    expect(t.google.events('ceo@globex.com').some((e) => e.summary === 'Launch review')).toBe(false);
  });

  it('someone who manages no connected client is told to connect one, in the modal', async () => {
    const since = t.slack.calls.length;
    await t.requests.blockAction(newcomer, { type: 'button', action_id: 'home_import' });
    const update = await t.slack.waitForCall('views.update', (c) => t.slack.calls.indexOf(c) >= since);
    expect(JSON.stringify(update.args.view)).toContain('None of the clients you manage has a Google account connected');
  });
});
