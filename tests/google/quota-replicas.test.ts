// Three replicas share one client's Google quota (issue 13): three app processes on one
// PostgreSQL database and one fake Google, each hammered with agendas for the same client. What
// the fake Google receives for that account must keep GOOGLE_USER_RATE with its burst (twice the
// rate), in every window of the run, not three times that. PostgreSQL only: the embedded
// database is one process.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DATABASE_URL } from '../harness/database.js';
import { connectedClientApp, operator, type ConnectedApp } from '../harness/connected.js';
import { startAppProcess, type SourceProcess } from '../harness/source-process.js';
import { SlackRequests } from '../harness/slack-requests.js';
import { visibleText } from '../harness/visible.js';
import { busiestSecond, worstExcess } from './rate-windows.js';

const EMAIL = 'acme-ops@example.com';
const RATE = 4;
const BURST = 2 * RATE;
const REPLICAS = 3;
const AGENDAS_PER_REPLICA = 6;
/**
 * The fake stamps a request when it arrives, after the token lookup and the HTTP round that
 * follow the limiter's grant; on a loaded machine that delay varies, which can squeeze a window:
 * one request of slack (a quarter of a second at 4/s; 0.1-0.2 measured with warm replicas).
 * Without a shared quota the three replicas' bursts alone put over a dozen too many in a second.
 */
const ARRIVAL_JITTER_REQUESTS = 1;

describe.skipIf(!TEST_DATABASE_URL)('the Google quota across replicas', () => {
  let t: ConnectedApp<'Acme'>;
  const replicas: SourceProcess[] = [];

  beforeAll(async () => {
    // The operator adds and connects the client through one app; three processes then serve it.
    t = await connectedClientApp({ clients: [{ name: 'Acme', email: EMAIL }] });
    await t.stopApp();
    const shared = {
      SLACK_BOT_TOKEN: t.env.SLACK_BOT_TOKEN!,
      GOOGLE_CLIENT_ID: t.env.GOOGLE_CLIENT_ID!,
      GOOGLE_CLIENT_SECRET: t.env.GOOGLE_CLIENT_SECRET!,
      TOKEN_ENCRYPTION_KEY: t.env.TOKEN_ENCRYPTION_KEY!,
      GOOGLE_USER_RATE: String(RATE),
      GOOGLE_RETRY_BASE_MS: '5',
    };
    replicas.push(...(await Promise.all(Array.from({ length: REPLICAS }, () => startAppProcess(t.db, shared, { slack: t.slack, google: t.google })))));
  }, 120_000);
  afterAll(async () => {
    await Promise.all(replicas.map((p) => p.stop()));
    await t?.close();
  });

  it('keeps what Google sees for one account within GOOGLE_USER_RATE and its burst, however many replicas ask', async () => {
    const slackFor = (p: SourceProcess) => new SlackRequests(p.url, p.secret, () => t.slack.responseUrl()).issueTriggersFrom(() => t.slack.issueTriggerId());
    // Each agenda over a range of its own: identical reads are shared (one Google call for all),
    // and this test needs every agenda to reach Google.
    let ranges = 0;
    const agenda = async (requests: SlackRequests) => {
      const responseUrl = t.slack.responseUrl();
      const ack = await requests.command(`agenda acme next ${++ranges} days`, operator, { response_url: responseUrl });
      expect(ack.status).toBe(200);
      return (await t.slack.waitForResponse((r) => r.url === responseUrl, 60_000)).body;
    };
    // One agenda each first: a replica's first Google call is slow (connections, the calendar
    // list it then caches), which would stretch the burst's arrivals and blur the windows. The
    // shared buckets keep what these spent: the bound holds from any moment on.
    await Promise.all(replicas.map((p) => agenda(slackFor(p))));
    t.google.reset();
    const agendas = replicas.flatMap((p) => {
      const requests = slackFor(p);
      return Array.from({ length: AGENDAS_PER_REPLICA }, () => agenda(requests));
    });
    const answers = await Promise.all(agendas);
    for (const answer of answers) expect(visibleText(answer)).toMatch(/Stacked agenda.* 1 client /);
    expect(answers.map((a) => visibleText(a)).join('\n')).not.toMatch(/couldn.t|could not|rate limit/i);

    const times = t.google.requests.filter((r) => r.account === EMAIL).map((r) => r.at);
    // Each agenda asks Google at least once: far more than one burst, so the rate had to bind.
    expect(times.length).toBeGreaterThanOrEqual(REPLICAS * AGENDAS_PER_REPLICA);
    expect(times.length).toBeGreaterThan(BURST * 1.5);
    expect(busiestSecond(times)).toBeLessThanOrEqual(RATE + BURST + ARRIVAL_JITTER_REQUESTS);
    expect(worstExcess(times, RATE, BURST)).toBeLessThanOrEqual(ARRIVAL_JITTER_REQUESTS);
    const lines = replicas.flatMap((p) => p.lines).join('');
    expect(lines).not.toMatch(/shared Google quota is unreachable/);
  }, 120_000);
});

describe.skipIf(!TEST_DATABASE_URL)('the Google quota when its table cannot be read', () => {
  let t: ConnectedApp<'Acme'>;
  beforeAll(async () => {
    t = await connectedClientApp({ clients: [{ name: 'Acme', email: EMAIL }] });
  }, 120_000);
  afterAll(() => t?.close());

  it('still answers the agenda, rated by the process\u2019s own buckets, and warns once', async () => {
    // Everything else in the database still works; only the quota's statement fails.
    await t.app.db.prisma.$executeRawUnsafe('ALTER TABLE "GoogleQuota" RENAME TO "GoogleQuotaGone"');
    t.google.reset();
    const answers = await Promise.all([t.command('agenda acme', operator), t.command('agenda acme', operator)]);
    for (const { response } of answers) expect(visibleText(response)).toMatch(/Stacked agenda.* 1 client /);
    expect(t.google.requests.filter((r) => r.account === EMAIL).length).toBeGreaterThanOrEqual(2);
    const warnings = t.logs.filter((l) => l.msg === 'the shared Google quota is unreachable; this process rates its own calls until it answers');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.level).toBe(40);
  });
});
