// Who owns an error: a user's mistake is logged at info without a stack; our
// own fault is logged at error with its stack and the request's id, the user
// is told when Slack gave us a way to, and the app carries on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, startTestApp, TEAM, type TestApp } from '../harness/app.js';
import type { LogLine } from '../harness/logs.js';

type Line = LogLine;

const ERROR = 50;
const INFO = 30;

describe('error policy of a Slack request', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    t.slack.addUser({ id: admin.userId, team_id: TEAM, is_admin: true, tz: 'UTC' });
  });
  afterAll(async () => t?.close());

  /** The log lines of the one Slack request `send` makes, found by its request id. */
  async function linesOf(send: () => Promise<unknown>, settled: (lines: Line[]) => boolean): Promise<{ reqId: string; lines: Line[] }> {
    const from = t.logs.length;
    await send();
    let reqId = '';
    const lines = () => t.logs.slice(from).filter((l) => l.reqId === reqId) as Line[];
    await expect
      .poll(() => {
        reqId = (t.logs.slice(from).find((l) => l.msg === 'slack request')?.reqId as string | undefined) ?? '';
        return reqId !== '' && settled(lines());
      }, { timeout: 10_000 })
      .toBe(true);
    return { reqId, lines: lines() };
  }

  it('logs a user mistake (an unknown client) at info, without a stack', async () => {
    let response: { text?: string } | undefined;
    const { lines } = await linesOf(
      async () => (response = (await t.command('use no-such-client', admin)).response),
      (ls) => ls.some((l) => l.level === INFO && l.code),
    );
    expect(response?.text).toContain(':warning:');
    const mistake = lines.find((l) => l.level === INFO && l.code)!;
    expect(mistake).toMatchObject({ code: 'client_unknown', subcommand: 'use' });
    expect(mistake.reason).toMatch(/no-such-client/);
    expect(JSON.stringify(lines)).not.toContain('"stack"');
    expect(lines.filter((l) => l.level >= ERROR)).toEqual([]);
  });

  it('logs a listener that fails on Slack (views.publish refused) at error, with the stack and the request id, and lives on', async () => {
    t.slack.fail('views.publish', { error: 'internal_error' });
    const { lines } = await linesOf(
      () => t.requests.event(TEAM, { type: 'app_home_opened', user: admin.userId, channel: 'D1', tab: 'home', event_ts: '1.9' }),
      (ls) => ls.some((l) => l.level >= ERROR),
    );
    const failure = lines.find((l) => l.level >= ERROR)!;
    expect(failure.err?.stack).toMatch(/internal_error/);
    expect(failure.team).toBe(TEAM);
    const { ack, response } = await t.command('help', admin);
    expect(ack.status).toBe(200);
    expect(response.text).toBe('Calendar Stacker commands');
  });

  it('tells the user when a button fails on our side and its message can still be answered', async () => {
    t.slack.fail('views.open', { error: 'internal_error' });
    const responseUrl = t.slack.responseUrl();
    const { lines } = await linesOf(
      () =>
        t.requests.blockAction(
          admin,
          { type: 'overflow', action_id: 'client_menu', block_id: 'b1', selected_option: { value: 'edit:c1', text: { type: 'plain_text', text: 'Edit' } } },
          { response_url: responseUrl, container: { type: 'message', message_ts: '1.1', channel_id: 'C0CALSTACK' } },
        ),
      (ls) => ls.some((l) => l.level >= ERROR),
    );
    expect(lines.find((l) => l.level >= ERROR)!.err?.stack).toMatch(/internal_error/);
    const told = await t.slack.waitForResponse((r) => r.url === responseUrl);
    expect(told.body.text).toMatch(/Something went wrong on our side/);
    expect(told.body.response_type).toBe('ephemeral');
  });
});

describe('error policy of the job engine', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t?.close());

  it('logs the engine\u2019s failures (the database is gone) at error with their stack, and keeps trying', async () => {
    // Once it runs: it starts after the app takes Slack in, and a start that fails is fatal instead.
    await t.app.jobs.counts();
    if (t.db.cutOff) await t.db.cutOff();
    else await t.app.db.close();
    const failed = () => t.logs.filter((l) => /the job engine reported an error/.test(String(l.msg)));
    await expect.poll(() => failed().length, { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
    expect(failed()[0]).toMatchObject({ level: ERROR });
    expect((failed()[0] as Line).err?.stack).toBeTruthy();
  });
});
