// Fixtures for the benchmark: Google accounts with two calendars and a few events each, and
// clients created and connected through the app's own flows (signed view_submission, then
// `/calstack connect` → the DM'd link → fake Google consent → our callback), in parallel batches.
import type { FakeGoogle } from '../tests/fakes/google.js';
import type { FakeSlack } from '../tests/fakes/slack.js';
import type { Actor, SentRequest, SlackRequests } from '../tests/harness/slack-requests.js';
import { clientFormState } from '../tests/harness/client-form.js';
import { buttonById } from '../tests/slack/sent-blocks.js';
import { pool, sleep, withTimeout } from './lib.js';
import { BUSY_ANSWER } from '../src/slack/ingress/watchdog.js';

/** The words of the ingress's "busy" answer to a slash command. */
const BUSY_TEXT = (JSON.parse(BUSY_ANSWER) as { text: string }).text;

export const TEAM = 'T0ACME';

/** Operators: OP[n] manages exactly the first n bench clients (OP[200] manages all of them). */
export const GROUP_SIZES = [1, 10, 50, 200] as const;
export type GroupSize = (typeof GROUP_SIZES)[number];
export const operator = (n: GroupSize | 'warm'): Actor => ({ teamId: TEAM, userId: n === 'warm' ? 'U0BENCHWARM' : `U0BENCHOP${n}` });

/** Everything the flows need to talk to one running app (in-process or spawned). */
export interface Target {
  requests: SlackRequests;
  slack: FakeSlack;
  google: FakeGoogle;
}

export interface BenchClient {
  name: string;
  slug: string;
  email: string;
  zone: string;
  managers: string[];
}

const ZONES = ['America/New_York', 'Europe/London', 'Asia/Tokyo', 'UTC', 'Europe/Paris', 'America/Los_Angeles', 'Australia/Sydney'];
const pad = (i: number) => String(i).padStart(3, '0');

export function benchClients(count: number): BenchClient[] {
  return Array.from({ length: count }, (_, i) => ({
    name: `Bench ${pad(i + 1)}`,
    slug: `bench-${pad(i + 1)}`,
    email: `owner${pad(i + 1)}@client${pad(i + 1)}.example`,
    zone: ZONES[i % ZONES.length]!,
    managers: GROUP_SIZES.filter((n) => i < n).map((n) => operator(n).userId),
  }));
}

/** A client only the warm-up operator sees: exercising the code paths without warming the bench clients' caches. */
export const warmupClient: BenchClient = {
  name: 'Warmup',
  slug: 'warmup',
  email: 'owner@warmup.example',
  zone: 'UTC',
  managers: [operator('warm').userId],
};

export function addOperators(slack: FakeSlack): void {
  for (const n of [...GROUP_SIZES, 'warm'] as const) {
    slack.addUser({ id: operator(n).userId, team_id: TEAM, name: `op${n}`, tz: 'Europe/Paris' });
  }
}

/** Google side: each account has its primary calendar plus one owned team calendar, and three events in the next week. */
export function seedGoogle(google: FakeGoogle, clients: readonly BenchClient[], now = Date.now()): void {
  const hour = 3_600_000;
  const at = (h: number) => new Date(Math.floor(now / hour) * hour + h * hour).toISOString();
  clients.forEach((c, i) => {
    google.addAccount({ email: c.email, timeZone: c.zone });
    const team = `team.${c.slug}@group.calendar.google.com`;
    google.addCalendar(c.email, { id: team, summary: `${c.name} team`, timeZone: c.zone, accessRole: 'owner' });
    // The last event (base + 27) at most 138 h ahead: inside the agenda's week whatever the hour
    // the bench runs at (up to 154 h hid a few events from runs after ~14:00 UTC).
    const base = 24 + (i % 5) * 20 + (i % 8);
    const id = `bnc${pad(i + 1)}`;
    google.addEvent(c.email, c.email, { id: `${id}a`, summary: `${c.name} stand-up`, start: { dateTime: at(base) }, end: { dateTime: at(base + 0.5) } });
    google.addEvent(c.email, c.email, { id: `${id}b`, summary: `${c.name} review`, start: { dateTime: at(base + 3) }, end: { dateTime: at(base + 4) } });
    google.addEvent(c.email, team, { id: `${id}c`, summary: `${c.name} team sync`, start: { dateTime: at(base + 26) }, end: { dateTime: at(base + 27) } });
  });
}

function check(res: SentRequest, what: string): void {
  if (res.status !== 200 || (res.json && typeof res.json === 'object' && 'errors' in res.json)) {
    throw new Error(`${what}: HTTP ${res.status} ${res.body.slice(0, 300)}`);
  }
}

/** The client form, submitted as Slack sends a view_submission. */
export async function createClient(target: Target, actor: Actor, c: BenchClient): Promise<void> {
  const submit = () =>
    target.requests.viewSubmission(actor, {
      id: `V0BENCH${c.slug.replace(/\W/g, '').toUpperCase()}`,
      callback_id: 'client_modal',
      private_metadata: '{}',
      state: clientFormState({ name: c.name, email: c.email, timeZone: c.zone, managers: c.managers }),
    });
  let res = await submit();
  // On a loaded machine the app may answer a form after Slack's 3 s (the ingress says 503) and
  // still save it: submitted again, a saved one is refused for its name, which is what we wanted.
  // (A retry that races the first save is refused by the unique name: 404, no listener answered.)
  for (let i = 0; i < 10 && res.status === 503; i++) {
    await sleep(3000);
    res = await submit();
    if (res.body.includes('already exists') || res.status === 404) return;
  }
  check(res, `creating ${c.name}`);
}

/** `/calstack connect <slug>` → the link in the DM → consent at fake Google (as the client's account) → our callback. */
export async function connectClient(target: Target, actor: Actor, c: BenchClient, timeoutMs = 30_000): Promise<void> {
  const since = Date.now();
  // A main thread busy for seconds (the ingress's watchdog) answers "busy" and drops the command, as
  // Slack's user would see: try again, as they would.
  let ack = await target.requests.command(`connect ${c.slug}`, actor, { response_url: target.slack.responseUrl() });
  for (let i = 0; i < 10 && ack.body.includes(BUSY_TEXT); i++) {
    await sleep(1000);
    ack = await target.requests.command(`connect ${c.slug}`, actor, { response_url: target.slack.responseUrl() });
  }
  check(ack, `connect ${c.slug}`);
  const dm = await target.slack.waitForCall(
    'chat.postMessage',
    (call) => call.at >= since && call.args.text === `Authorize Google Calendar for ${c.name}`,
    timeoutMs,
  );
  const link = buttonById(dm.args, 'authorize_link').url;
  if (!link) throw new Error(`no authorize link in the DM for ${c.name}`);
  const signal = () => AbortSignal.timeout(timeoutMs);
  const start = await fetch(link, { redirect: 'manual', signal: signal() });
  if (start.status !== 302) throw new Error(`start link for ${c.name}: HTTP ${start.status}`);
  // The person consenting picks their account on Google's screen: login_hint tells the fake which one,
  // so many flows can run at once (the fake's nextConsent() is one global slot).
  const auth = new URL(start.headers.get('location')!);
  auth.searchParams.set('login_hint', c.email);
  const consent = await fetch(auth, { redirect: 'manual', signal: signal() });
  if (consent.status !== 302) throw new Error(`consent for ${c.name}: HTTP ${consent.status} ${await consent.text()}`);
  const callback = await fetch(consent.headers.get('location')!, { signal: signal() });
  const page = await callback.text();
  if (callback.status !== 200 || !page.includes(c.email)) throw new Error(`callback for ${c.name}: HTTP ${callback.status} ${page.slice(0, 300)}`);
}

export interface SetupTiming {
  clients: number;
  width: number;
  createMs: number;
  connectMs: number;
  totalMs: number;
}

/** Creates then connects every client, `width` flows at a time. */
export async function setupClients(target: Target, clients: readonly BenchClient[], width = 20): Promise<SetupTiming> {
  const creator = operator(200);
  const t0 = performance.now();
  const actorFor = (c: BenchClient) => (c.managers.includes(creator.userId) ? creator : operator('warm'));
  // The first client alone: it creates the workspace row. Concurrent first creations in a new
  // workspace race on `workspace.upsert` on PostgreSQL (unique violation → no ack → Slack's 404).
  const [first, ...rest] = clients;
  if (first) await createClient(target, actorFor(first), first);
  await withTimeout(pool(rest, width, (c) => createClient(target, actorFor(c), c)), 180_000, 'creating clients');
  const t1 = performance.now();
  // A flow that broke on a loaded machine (a 502 from a busy app, a DM that came late) is run again.
  const connect = async (c: BenchClient) => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await connectClient(target, actorFor(c), c);
      } catch (err) {
        if (attempt >= 3) throw err;
        await sleep(2000);
      }
    }
  };
  await withTimeout(pool(clients, width, connect), 300_000, 'connecting clients');
  const t2 = performance.now();
  return { clients: clients.length, width, createMs: Math.round(t1 - t0), connectMs: Math.round(t2 - t1), totalMs: Math.round(t2 - t0) };
}

/** Sends `/calstack <text>` with a fresh response_url; `response` settles when the app answers there. */
export async function command(target: Target, text: string, actor: Actor, responseTimeoutMs = 60_000) {
  const responseUrl = target.slack.responseUrl();
  const sentAt = performance.now();
  const response = target.slack.waitForResponse((r) => r.url === responseUrl, responseTimeoutMs).then((r) => ({ body: r.body, ms: performance.now() - sentAt }));
  // A caller that only wants the ack must not leave an unhandled rejection behind.
  response.catch(() => undefined);
  const ack = await target.requests.command(text, actor, { response_url: responseUrl });
  return { ack, response, responseUrl };
}

export interface RaceResult {
  teamId: string;
  submitted: number;
  /** view_submissions the app did not acknowledge with an empty 200 (Bolt answers 404 when the listener throws before ack). */
  failed: number;
  statuses: Record<string, number>;
  /** "Workspace_pkey" unique-violation errors in the app's log during the race (when the log was available). */
  uniqueViolations?: number;
}

/** `count` client forms submitted at the same moment into a workspace the app has never seen. */
export async function firstClientsRace(target: Target, teamId: string, count = 20): Promise<RaceResult> {
  const actor: Actor = { teamId, userId: 'U0RACE' };
  target.slack.addUser({ id: actor.userId, team_id: teamId, name: 'race', tz: 'UTC' });
  const results = await Promise.all(
    Array.from({ length: count }, (_, i) =>
      target.requests.viewSubmission(actor, {
        id: `V0RACE${i}`,
        callback_id: 'client_modal',
        private_metadata: '{}',
        state: clientFormState({ name: `Race ${i + 1}`, timeZone: 'UTC', managers: [actor.userId] }),
      }),
    ),
  );
  const statuses: Record<string, number> = {};
  for (const r of results) statuses[r.status] = (statuses[r.status] ?? 0) + 1;
  const failed = results.filter((r) => r.status !== 200 || (r.json && typeof r.json === 'object' && 'errors' in r.json)).length;
  return { teamId, submitted: count, failed, statuses };
}
