// A CSV import through Slack, end to end: the modal (or the app's DM), the file read from the fake
// Slack with the bot token, the events written to the fake Google, the progress and the report in
// the DM.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectedClientApp, operator, type ConnectedApp } from '../harness/connected.js';
import { TEAM } from '../harness/app.js';
import { buttonById } from '../slack/sent-blocks.js';
import { ACME_EMAIL, acmeEvents, acmeWrites, finalReport, importMessages, importThroughModal, upload } from './import-kit.js';

const SAMPLE = readFileSync('docs/import-sample.csv', 'utf8');
const stranger = { teamId: TEAM, userId: 'U0STRANGER' };

describe('importing a CSV file', () => {
  let t: ConnectedApp;

  beforeAll(async () => {
    t = await connectedClientApp({ clients: [{ name: 'Acme', email: ACME_EMAIL }], now: '2027-01-05T09:00:00Z', users: [{ id: stranger.userId, team_id: TEAM }] });
  });
  afterAll(async () => t?.close());

  it('modal, upload, submit: the events are in Google, the DM shows progress then the report; the same file again creates nothing', async () => {
    const file = upload(t, operator, 'acme.csv', SAMPLE);
    const since = t.slack.calls.length;
    const ack = await importThroughModal(t, operator, 'acme', file);
    expect(ack.status).toBe(200);
    expect(ack.body).toBe('');

    const report = await finalReport(t, since);
    expect(report.args.text).toBe('Imported acme.csv into Acme. 4 created, 0 updated, 0 skipped, 0 failed.');
    const [first] = importMessages(t, since);
    expect(first?.method).toBe('chat.postMessage');
    expect(first?.args.text).toBe('Importing acme.csv into Acme: 0 of 4 events');
    expect(new Set(importMessages(t, since).slice(1).map((c) => `${String(c.args.channel)}/${String(c.args.ts)}`)).size).toBe(1);
    expect(acmeEvents(t).map((e) => e.summary).sort()).toEqual(['Board meeting', 'Dentist', 'Team offsite', 'Weekly sync']);
    expect(t.slack.downloads).toContainEqual({ fileId: file.id, authorized: true });

    const writes = acmeWrites(t);
    const again = t.slack.calls.length;
    await importThroughModal(t, operator, 'acme', upload(t, operator, 'acme-again.csv', SAMPLE));
    const second = await finalReport(t, again);
    expect(second.args.text).toBe('Imported acme-again.csv into Acme. 0 created, 0 updated, 4 skipped (4 already imported), 0 failed.');
    expect(acmeEvents(t)).toHaveLength(4);
    // Each event is offered once (Google answers "already there"), and nothing is patched.
    expect(acmeWrites(t) - writes).toBe(4);
    expect(t.google.requests.filter((r) => r.method === 'PATCH' || r.method === 'PUT')).toHaveLength(0);
  });

  it('a file with bad rows: the report lists each with its line, nothing is written, and "Import the valid events" imports the rest', async () => {
    const csv = ['title,start,end,time zone', 'Kickoff,2027-02-01 10:00,2027-02-01 11:00,', 'Broken,2027-02-30 10:00,,', 'Late,2027-02-02 10:00,2027-02-02 09:00,', 'Elsewhere,2027-02-03 10:00,,Mars/Base'].join('\n');
    const writes = acmeWrites(t);
    const since = t.slack.calls.length;
    await importThroughModal(t, operator, 'acme', upload(t, operator, 'bad.csv', csv));
    const report = await finalReport(t, since);
    expect(report.args.text).toBe('bad.csv was not imported: 3 problems to fix. Nothing was written.');
    const shown = JSON.stringify(report.args.blocks);
    expect(shown).toContain('*line 3*: The start \\"2027-02-30 10:00\\" is not a date');
    expect(shown).toContain('*line 4*: It ends');
    expect(shown).toContain('*line 5*: Unknown time zone \\"Mars/Base\\"');
    expect(acmeWrites(t)).toBe(writes);

    const button = buttonById(report.args, 'import_valid');
    expect(button.text.text).toBe('Import the 1 valid event');
    // The message is kept with the run once Slack has answered its post.
    const stored = () => t.app.db.prisma.importRun.findFirstOrThrow({ where: { fileName: 'bad.csv' } });
    await expect.poll(async () => (await stored()).ts).not.toBeNull();
    const run = await stored();
    expect(run).toMatchObject({ status: 'problems', created: 0, cursor: 0 });
    const after = t.slack.calls.length;
    const message = { channel: { id: run.channel }, container: { type: 'message', channel_id: run.channel, message_ts: run.ts } };
    await t.requests.blockAction(operator, { type: 'button', action_id: 'import_valid', value: button.value }, message);
    const done = await finalReport(t, after);
    expect(done.args.text).toBe('Imported bad.csv into Acme. 1 created, 0 updated, 0 skipped, 0 failed.');
    // The same message, updated.
    expect(done.method).toBe('chat.update');
    expect(done.args.ts).toBe(run.ts);
    expect(acmeEvents(t).filter((e) => e.summary === 'Kickoff')).toHaveLength(1);
  });

  it('hundreds of bad rows: the report stays within Block Kit\u2019s limits (the first 40 listed, the rest counted), user text escaped', async () => {
    const rows = Array.from({ length: 300 }, (_, i) => `Row ${i + 1},<!channel> <@U0ADMIN> ${'x'.repeat(80)}`);
    const since = t.slack.calls.length;
    await importThroughModal(t, operator, 'acme', upload(t, operator, '<!here>.csv', ['title,start', ...rows].join('\n')));
    const report = await finalReport(t, since);
    expect(report.args.text).toBe('&lt;!here&gt;.csv was not imported: 300 problems to fix. Nothing was written.');
    const blocks = report.args.blocks as unknown[];
    expect(blocks.length).toBeLessThanOrEqual(50);
    const shown = JSON.stringify(blocks);
    expect(shown).toContain('…and 260 more problems.');
    expect(shown).not.toMatch(/<!channel>|<@U0ADMIN>|<!here>/);
    expect(shown).toContain('&lt;!channel&gt; &lt;@U0ADMIN&gt;');
    // Slack took the message (a refused one is logged, and the user would see nothing).
    expect(t.logs.filter((l) => l.msg === 'could not show import progress')).toEqual([]);
  });

  it('someone who does not manage the client cannot import into it: nothing is read, nothing written', async () => {
    const file = upload(t, stranger, 'theirs.csv', SAMPLE);
    const since = t.slack.calls.length;
    const writes = acmeWrites(t);
    expect((await t.requests.command('import acme', stranger)).status).toBe(200);
    const filled = await t.slack.waitForCall('views.update', (c) => t.slack.calls.indexOf(c) >= since);
    expect(JSON.stringify(filled.args.view)).not.toContain('file_input');
    expect(JSON.stringify(filled.args.view)).toContain('couldn\u2019t find a client called');

    // A replayed submission naming Acme's id is refused by the use case too.
    const acmeId = t.ids.Acme;
    const ack = await t.requests.viewSubmission(stranger, {
      id: 'V0FORGED',
      callback_id: 'import_modal',
      private_metadata: JSON.stringify({ clientId: acmeId }),
      state: { values: { import_file: { import_file: { type: 'file_input', files: [file] } }, import_duplicates: { import_duplicates: { type: 'radio_buttons', selected_option: { value: 'skip' } } } } },
    });
    expect(ack.status).toBe(200);
    const dm = await t.slack.waitForCall('chat.postMessage', (c) => t.slack.calls.indexOf(c) >= since);
    expect(String(dm.args.text)).toContain('no longer exists');
    expect(t.slack.calls.slice(since).filter((c) => c.method === 'files.info')).toEqual([]);
    expect(t.slack.downloads.filter((d) => d.fileId === file.id)).toEqual([]);
    expect(acmeWrites(t)).toBe(writes);
    expect(await t.app.db.prisma.importRun.count({ where: { userId: stranger.userId } })).toBe(0);
  });

  it('a file shared in the app\u2019s DM with "import acme" is imported; the bot\u2019s own messages and other subtypes are not', async () => {
    const csv = 'title,start\nDM planning,2027-03-01 15:00\n';
    const file = upload(t, operator, 'dm.csv', csv);
    const base = { type: 'message', channel: `D${operator.userId}`, channel_type: 'im', text: 'import acme', ts: '1790000000.000100', files: [file] };
    const before = await t.app.db.prisma.importRun.count();
    // Edited, or posted by the bot: not an upload to import.
    await t.requests.event(TEAM, { ...base, subtype: 'message_changed', user: operator.userId });
    await t.requests.event(TEAM, { ...base, subtype: 'file_share', bot_id: 'B0FAKEBOT', user: 'U0FAKEBOT' });
    // Slack redelivering the upload (Bolt acked it already): not a second import.
    await t.requests.event(TEAM, { ...base, subtype: 'file_share', user: operator.userId }, { headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' } });
    const since = t.slack.calls.length;
    expect((await t.requests.event(TEAM, { ...base, subtype: 'file_share', user: operator.userId })).status).toBe(200);
    const report = await finalReport(t, since);
    expect(report.args.text).toBe('Imported dm.csv into Acme. 1 created, 0 updated, 0 skipped, 0 failed.');
    expect(acmeEvents(t).filter((e) => e.summary === 'DM planning')).toHaveLength(1);
    expect(await t.app.db.prisma.importRun.count()).toBe(before + 1);
  });

  it('without files:read the download is refused (Slack\u2019s sign-in page is not a file) and the report says what to do', async () => {
    const token = t.env.SLACK_BOT_TOKEN ?? '';
    const file = upload(t, operator, 'noscope.csv', SAMPLE);
    const writes = acmeWrites(t);
    t.slack.registerToken(token, ['commands', 'chat:write', 'im:write', 'users:read', 'users:read.email']);
    try {
      const since = t.slack.calls.length;
      await importThroughModal(t, operator, 'acme', file);
      const report = await finalReport(t, since);
      expect(report.args.text).toContain('files:read');
    } finally {
      t.slack.registerToken(token);
    }
    expect(acmeWrites(t)).toBe(writes);
  });

  it('an .ics file (a Google Calendar export: VTIMEZONE, a series with EXDATE and a moved occurrence, all-day) goes through the same pipeline', async () => {
    const ics = readFileSync('tests/fixtures/imports/google.ics', 'utf8');
    const earlier = new Set(acmeEvents(t).map((e) => e.id));
    const since = t.slack.calls.length;
    await importThroughModal(t, operator, 'acme', t.slack.shareFile({ name: 'work.ics', content: ics, user: operator.userId }));
    const report = await finalReport(t, since);
    // Three events, then the series' moved occurrence written on Google's instance of it.
    expect(report.args.text).toBe('Imported work.ics into Acme. 3 created, 1 updated, 0 skipped, 0 failed.');
    const added = () => acmeEvents(t).filter((e) => !earlier.has(e.id));
    // The moved occurrence is Google's instance of the series, changed.
    expect(added().map((e) => e.summary).sort()).toEqual(['Lunch with investors', 'Offsite day', 'Weekly sync', 'Weekly sync (moved)']);
    expect(added().find((e) => e.summary === 'Weekly sync')?.recurrence).toEqual(expect.arrayContaining([expect.stringMatching(/^RRULE:FREQ=WEEKLY/), expect.stringMatching(/^EXDATE/)]));
    const again = t.slack.calls.length;
    await importThroughModal(t, operator, 'acme', t.slack.shareFile({ name: 'work.ics', content: ics, user: operator.userId }));
    expect(added()).toHaveLength(4);
    expect((await finalReport(t, again)).args.text).toMatch(/^Imported work\.ics into Acme\. 0 created, 0 updated, 4 skipped \(.*\), 0 failed\.$/);
  });

  it('an event Google refuses is reported with its line and Google\u2019s reason; Retry writes only it again, on the same message', async () => {
    const csv = ['title,start', 'Retry one,2027-04-01 10:00', 'Retry two,2027-04-02 10:00', 'Retry three,2027-04-03 10:00'].join('\n');
    const insert = (r: { method: string; path: string }) => r.method === 'POST' && r.path.endsWith(`/calendars/${ACME_EMAIL}/events`);
    t.google.fail({ match: insert, status: 400, reason: 'invalid', message: 'Invalid start time.' });
    const since = t.slack.calls.length;
    await importThroughModal(t, operator, 'acme', upload(t, operator, 'retry.csv', csv));
    const report = await finalReport(t, since);
    expect(report.args.text).toBe('Imported retry.csv into Acme. 2 created, 0 updated, 0 skipped, 1 failed.');
    expect(JSON.stringify(report.args.blocks)).toContain('*line 2*: Google refused it: Invalid start time.');
    const run = await t.app.db.prisma.importRun.findFirstOrThrow({ where: { fileName: 'retry.csv' } });
    // Only where and why: no title, time or guest of the event is stored.
    expect(run.failures).toEqual([{ index: 0, source: 'line 2', reason: 'Google refused it: Invalid start time.' }]);

    const retry = buttonById(report.args, 'import_retry');
    expect(retry.text.text).toBe('Retry the 1 failure');
    const writes = acmeWrites(t);
    const after = t.slack.calls.length;
    await t.requests.blockAction(operator, { type: 'button', action_id: 'import_retry', value: retry.value }, { container: { type: 'message', channel_id: run.channel, message_ts: run.ts } });
    const done = await finalReport(t, after);
    expect(done.args.text).toBe('Imported retry.csv into Acme. 3 created, 0 updated, 0 skipped, 0 failed.');
    expect(done.args.ts).toBe(run.ts);
    expect(acmeWrites(t) - writes).toBe(1);
    expect(acmeEvents(t).filter((e) => e.summary?.startsWith('Retry ')).map((e) => e.summary).sort()).toEqual(['Retry one', 'Retry three', 'Retry two']);
  });

  it('Cancel stops the run at its next events; what was written stays and the report says where it stopped', async () => {
    const rows = Array.from({ length: 40 }, (_, i) => `Cancel me ${i + 1},2027-05-${String((i % 28) + 1).padStart(2, '0')} ${String(8 + (i % 10)).padStart(2, '0')}:00`);
    const insert = (r: { method: string; path: string }) => r.method === 'POST' && r.path.endsWith(`/calendars/${ACME_EMAIL}/events`);
    const held = t.google.hold(insert);
    const since = t.slack.calls.length;
    try {
      await importThroughModal(t, operator, 'acme', upload(t, operator, 'cancel.csv', ['title,start', ...rows].join('\n')));
      await expect.poll(() => held.held.length).toBe(1);
      const progress = await t.slack.waitForCall('chat.postMessage', (c) => t.slack.calls.indexOf(c) >= since && String(c.args.text).startsWith('Importing cancel.csv'));
      const cancel = buttonById(progress.args, 'import_cancel');
      const run = await t.app.db.prisma.importRun.findFirstOrThrow({ where: { fileName: 'cancel.csv' } });
      await t.requests.blockAction(operator, { type: 'button', action_id: 'import_cancel', value: cancel.value }, { container: { type: 'message', channel_id: run.channel, message_ts: run.ts } });
      await expect.poll(async () => (await t.app.db.prisma.importRun.findFirstOrThrow({ where: { id: run.id } })).status).toBe('cancelled');
    } finally {
      held.release();
    }
    const report = await finalReport(t, since);
    expect(report.args.text).toMatch(/^Import of cancel\.csv into Acme cancelled at (\d+) of 40 events; what was written stays\. \d+ created, 0 updated, 0 skipped, 0 failed\.$/);
    const stoppedAt = Number(/cancelled at (\d+)/.exec(String(report.args.text))?.[1]);
    expect(stoppedAt).toBeLessThan(40);
    expect(acmeEvents(t).filter((e) => e.summary?.startsWith('Cancel me '))).toHaveLength(stoppedAt);
  });

  it('serves the CSV sample the modal links to, the same as docs/import-sample.csv', async () => {
    const since = t.slack.calls.length;
    await t.requests.command('import acme', operator);
    const modal = await t.slack.waitForCall('views.update', (c) => t.slack.calls.indexOf(c) >= since);
    const link = /<([^|>]+\/import\/sample\.csv)\|/.exec(JSON.stringify(modal.args.view))?.[1];
    expect(link).toBe(`${t.config.http.publicUrl}/import/sample.csv`);
    const res = await fetch(`${t.app.url}/import/sample.csv`);
    expect(res.headers.get('content-type')).toContain('text/csv');
    expect(await res.text()).toBe(SAMPLE);
  });
});
