// 7. Digest burst (issue 18, target 5): many users whose daily digests are due at the same minute,
// across many clients. The spawned app runs on the real clock, so the minute is a real one a little
// ahead; every user subscribes through the digest modal, as Slack submits it, for that minute in
// their own Slack zone. Measured: the minute → each digest at the fake Slack, Google requests per
// account (against the app's per-account rate and Google's quota), and acks of a stream of slash
// commands during the burst, side by side with the bare Bolt app (bench/trivial-bolt.ts).
import { cp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import type { RecordedRequest } from '../tests/fakes/google.js';
import { clientFormState } from '../tests/harness/client-form.js';
import { digestFormView } from '../tests/harness/digest-form.js';
import type { Actor, SentRequest, SlackRequests } from '../tests/harness/slack-requests.js';
import { callbackIdOf } from '../tests/slack/sent-blocks.js';
import { percentile, pool, round, sleep, summarize, type Summary } from './lib.js';
import { PARAMS } from './params.js';
import { type BenchClient, operator, TEAM, type Target } from './setup.js';
import { type Ctx, log, spawnApp, spawnTrivialBolt } from './spawn-app.js';

export interface DigestBurstRound {
  /** Which build answered: this one, or the baseline given in BENCH_BASELINE_DIR (rounds alternate). */
  build: 'current' | 'baseline';
  /** The minute every digest was due (UTC). */
  dueAt: string;
  /** Subscribing every user through the modal, and how long before the minute that ended. */
  subscribeMs: number;
  leadMs: number;
  /** Users who got their digest (one DM each), and any user who got more than one. */
  delivered: number;
  duplicates: number;
  /** Digests at the fake Slack within the target after the minute; spread of the minute → arrival. */
  withinTarget: number;
  firstMs: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  google: {
    /** Requests to the Calendar API from the minute to the last digest. */
    requests: number;
    calendarList: number;
    events: number;
    /** Answers of 403/429 (the fake enforces Google's per-user and per-project quotas). */
    refused: number;
    accounts: number;
    /** The most one account made in any second, and in any 60 s (from a minute before the burst). */
    peakPerAccountPerSecond: number;
    peakPerAccountPerMinute: number;
  };
  /** Acks of the stream of commands sent during the burst, app vs bare Bolt app, same stream. */
  acks: { app: Summary; trivial: Summary; ratioP99: number; appFailed: number };
}

export interface DigestBurstResult {
  users: number;
  clients: number;
  clientsPerUser: number;
  zones: string[];
  googleLatencyMs: number;
  /** The app's GOOGLE_USER_RATE in these runs, and the most per minute that rate allows one account (60 s of it plus its burst). */
  googleUserRate: number;
  appMinuteBound: number;
  /** The due minute is the first whole one at least this far ahead of the round's start. */
  minLeadMs: number;
  targetMs: number;
  ackTargetRatio: number;
  ackEveryMs: number;
  rounds: DigestBurstRound[];
}

/** Google's documented per-user quota (requests per minute, per user per project). */
const GOOGLE_USER_PER_MINUTE = 600;

const pad = (i: number) => String(i).padStart(3, '0');
const digestUser = (i: number): Actor => ({ teamId: TEAM, userId: `U0DIGEST${pad(i + 1)}` });

/** User i manages clients i, i + 37 and i + 71 (mod the client count): every client gets the same number of users. */
function clientsOf(user: number, clients: number, perUser: number): number[] {
  const steps = [0, 37, 71, 13, 53].slice(0, perUser);
  return steps.map((s) => (user + s) % clients);
}

/** `/calstack client edit <slug>` → the modal the app opens → submitted with the digest users added to its managers. */
async function addManagers(target: Target, c: BenchClient, extra: string[]): Promise<void> {
  const op = operator(200);
  // A main thread stalled for seconds on a loaded machine answers "busy" and drops the command, or
  // opens the modal after its trigger expired: the user tries again, as Slack's user would.
  let view: { private_metadata: string } | undefined;
  for (let attempt = 1; !view; attempt++) {
    const responseUrl = target.slack.responseUrl();
    const opened = target.slack.waitForCall('views.update', (call) => callbackIdOf(call.args.view) === 'client_modal' && String((call.args.view as { private_metadata?: string }).private_metadata).includes(responseUrl), 30_000);
    opened.catch(() => undefined);
    const ack = await target.requests.command(`client edit ${c.slug}`, op, { response_url: responseUrl });
    if (ack.status !== 200) throw new Error(`client edit ${c.slug}: HTTP ${ack.status}`);
    try {
      view = (await opened).args.view as { private_metadata: string };
    } catch (err) {
      if (attempt >= 3) throw err;
      await sleep(1000);
    }
  }
  const res = await untilAnswered(() =>
    target.requests.viewSubmission(op, {
      id: `V0EDIT${c.slug.replace(/\W/g, '').toUpperCase()}`,
      callback_id: 'client_modal',
      private_metadata: view.private_metadata,
      state: clientFormState({ name: c.name, email: c.email, timeZone: c.zone, managers: [...c.managers, ...extra] }),
    }),
  );
  if (res.status !== 200 || (res.json && typeof res.json === 'object' && 'errors' in res.json)) throw new Error(`saving ${c.name}: HTTP ${res.status} ${res.body.slice(0, 300)}`);
}

/**
 * On a loaded machine the app may answer a form after Slack's 3 s (the ingress says 503) and still
 * save it; both forms here save the same thing again, so the user's resubmission is what Slack's
 * user would do.
 */
async function untilAnswered(submit: () => Promise<SentRequest>): Promise<SentRequest> {
  let res = await submit();
  for (let i = 0; i < 5 && res.status === 503; i++) {
    await sleep(2000);
    res = await submit();
  }
  return res;
}

/** The digest modal as Slack submits it: on, at `time` (the user's zone is what Slack says it is). */
function subscribe(target: Target, user: Actor, time: string) {
  return untilAnswered(() =>
    target.requests.viewSubmission(user, digestFormView(user, time)),
  );
}

/** The most entries of sorted `times` within any window of `windowMs`. */
function peakIn(times: number[], windowMs: number): number {
  let peak = 0;
  for (let lo = 0, hi = 0; hi < times.length; hi++) {
    while (times[hi]! - times[lo]! >= windowMs) lo++;
    peak = Math.max(peak, hi - lo + 1);
  }
  return peak;
}

function googleFigures(reqs: readonly RecordedRequest[], from: number, to: number) {
  const inBurst = reqs.filter((r) => r.at >= from && r.at <= to && r.path.includes('/calendar/'));
  const byAccount = new Map<string, number[]>();
  // A minute before the burst too: the quota is a sliding minute, whatever the app did just before counts.
  for (const r of reqs) {
    if (!r.account || r.at < from - 60_000 || r.at > to) continue;
    byAccount.set(r.account, [...(byAccount.get(r.account) ?? []), r.at]);
  }
  const times = [...byAccount.values()].map((t) => t.sort((a, b) => a - b));
  return {
    requests: inBurst.length,
    calendarList: inBurst.filter((r) => r.path.includes('/calendarList')).length,
    events: inBurst.filter((r) => r.path.endsWith('/events')).length,
    refused: reqs.filter((r) => r.at >= from - 60_000 && r.at <= to && (r.status === 403 || r.status === 429)).length,
    accounts: byAccount.size,
    peakPerAccountPerSecond: Math.max(0, ...times.map((t) => peakIn(t, 1000))),
    peakPerAccountPerMinute: Math.max(0, ...times.map((t) => peakIn(t, 60_000))),
  };
}

/**
 * Signed `/calstack help` to the app and to the bare Bolt app, one each every `everyMs` (which goes
 * first alternates), until `done()`; then waits for the last acks.
 */
async function ackStream(app: SlackRequests, trivial: SlackRequests, everyMs: number, done: () => boolean) {
  const op = operator(200);
  const appMs: number[] = [];
  const trivialMs: number[] = [];
  let appFailed = 0;
  const pending: Promise<unknown>[] = [];
  const toApp = () => app.command('help', op).then((r) => (r.status === 200 ? appMs.push(r.ms) : appFailed++));
  const toTrivial = () => trivial.command('help', op).then((r) => trivialMs.push(r.ms));
  for (let i = 0; !done(); i++) {
    pending.push(...(i % 2 ? [toTrivial(), toApp()] : [toApp(), toTrivial()]));
    await sleep(everyMs);
  }
  await Promise.all(pending);
  return { appMs, trivialMs, appFailed };
}

async function oneRound(ctx: Ctx, dataDir: string, build: 'current' | 'baseline', trivial: SlackRequests, label: string): Promise<DigestBurstRound> {
  const P = PARAMS.digestBurst;
  const script = build === 'baseline' && process.env.BENCH_BASELINE_DIR ? { script: join(process.env.BENCH_BASELINE_DIR, 'dist/main.js') } : {};
  const { spawned, target } = await spawnApp(ctx, { dataDir }, { GOOGLE_USER_RATE: String(P.googleUserRate) }, label, script);
  try {
    for (let i = 0; i < PARAMS.ack.warmupRequests; i++) {
      await trivial.command('help', operator(200));
      await target.requests.command('help', operator(200));
    }
    ctx.google.setLatency(P.googleLatencyMs);
    // The first whole minute at least `leadMs` ahead: time to subscribe everyone before it.
    const dueAt = Math.ceil((Date.now() + P.leadMs) / 60_000) * 60_000;
    const users = Array.from({ length: P.users }, (_, i) => digestUser(i));
    const subscribeStart = Date.now();
    await pool(users, P.subscribeWidth, async (user, i) => {
      const time = DateTime.fromMillis(dueAt, { zone: P.zones[i % P.zones.length]! }).toFormat('HH:mm');
      const res = await subscribe(target, user, time);
      if (res.status !== 200 || res.body !== '') throw new Error(`digest modal of ${user.userId}: HTTP ${res.status} ${res.body.slice(0, 300)}`);
    });
    const subscribed = Date.now();
    if (subscribed > dueAt - 2000) throw new Error(`subscribing ${P.users} users took ${subscribed - subscribeStart} ms, past the minute chosen ${P.leadMs} ms ahead: raise PARAMS.digestBurst.leadMs`);
    log(ctx, `digest burst (${build}): ${P.users} users subscribed in ${subscribed - subscribeStart} ms for ${new Date(dueAt).toISOString()}, ${Math.round((dueAt - subscribed) / 1000)} s ahead`);

    const token = ctx.baseEnv.SLACK_BOT_TOKEN;
    const ours = new Set(users.map((u) => u.userId));
    // A DM posted to the user's id or to their DM channel (D + the id, as conversations.open answers, and older builds posted).
    const userOf = (c: { args: Record<string, unknown> }) => String(c.args.channel).replace(/^D(?=[UW])/, '');
    const digests = () => ctx.slack.calls.filter((c) => c.at >= subscribeStart && c.token === token && c.method === 'chat.postMessage' && ours.has(userOf(c)) && String(c.args.text).startsWith('Your daily digest'));
    const opened = () => ctx.slack.calls.filter((c) => c.at >= subscribeStart && c.token === token && c.method === 'conversations.open').length;
    const deadline = dueAt + P.waitMs;
    const allIn = () => new Set(digests().map(userOf)).size >= P.users;
    await sleep(Math.max(0, dueAt - Date.now()));
    // Acks during the burst: from the minute until every digest is in (or the wait ends), at least `minStreamMs`.
    const stream = await ackStream(target.requests, trivial, P.ackEveryMs, () => Date.now() > deadline || (allIn() && Date.now() > dueAt + P.minStreamMs));
    while (!allIn() && Date.now() < deadline) await sleep(250);
    await sleep(1000); // a duplicate would come right after
    const sent = digests();
    const firstAt = new Map<string, number>();
    for (const c of sent) if (!firstAt.has(userOf(c))) firstAt.set(userOf(c), c.at);
    const late = [...firstAt.values()].map((at) => at - dueAt);
    const lastAt = Math.max(dueAt, ...firstAt.values());
    const app = summarize(stream.appMs);
    const triv = summarize(stream.trivialMs);
    const r: DigestBurstRound = {
      build,
      dueAt: new Date(dueAt).toISOString(),
      subscribeMs: subscribed - subscribeStart,
      leadMs: dueAt - subscribed,
      delivered: firstAt.size,
      duplicates: sent.length - firstAt.size,
      withinTarget: late.filter((ms) => ms <= P.targetMs).length,
      firstMs: round(Math.min(...late)),
      p50Ms: round(percentile(late, 50)),
      p95Ms: round(percentile(late, 95)),
      maxMs: round(Math.max(...late)),
      google: googleFigures(ctx.google.requests, dueAt, lastAt),
      acks: { app, trivial: triv, ratioP99: round(app.p99 / triv.p99, 2), appFailed: stream.appFailed },
    };
    log(ctx, `digest burst (${build}): ${r.withinTarget}/${P.users} within ${P.targetMs / 1000} s (${r.delivered} delivered, ${r.duplicates} duplicates; first ${r.firstMs} ms, p50 ${r.p50Ms} ms, max ${r.maxMs} ms); Google ${r.google.requests} requests, ${r.google.refused} refused, peak per account ${r.google.peakPerAccountPerSecond}/s, ${r.google.peakPerAccountPerMinute}/min; acks p99 app ${app.p99} ms vs trivial ${triv.p99} ms = ${r.acks.ratioP99}×; ${opened()} conversations.open`);
    return r;
  } finally {
    ctx.google.setLatency(0);
    await spawned.stop();
  }
}

/**
 * Once: the digest users are added to the Slack workspace (each with a zone) and made managers of
 * the first `clients` bench clients through the client form. Then each round on a fresh copy of
 * that database, so every user's digest is due again (it is sent once a day).
 */
export async function digestBurst(ctx: Ctx, where: { dataDir: string }): Promise<DigestBurstResult> {
  const P = PARAMS.digestBurst;
  const clients = ctx.clients.slice(0, P.clients);
  if (clients.length < P.clients) throw new Error(`the digest burst needs ${P.clients} bench clients, set up ${clients.length}`);
  const users = Array.from({ length: P.users }, (_, i) => digestUser(i));
  users.forEach((u, i) => ctx.slack.addUser({ id: u.userId, team_id: TEAM, name: `digest${i + 1}`, tz: P.zones[i % P.zones.length]! }));
  const managersOf = new Map<number, string[]>();
  users.forEach((u, i) => clientsOf(i, P.clients, P.clientsPerUser).forEach((c) => managersOf.set(c, [...(managersOf.get(c) ?? []), u.userId])));
  const prepared = join(ctx.work, 'digest-burst-db');
  await cp(where.dataDir, prepared, { recursive: true });
  const setup = await spawnApp(ctx, { dataDir: prepared }, {}, 'digest-burst-setup');
  try {
    const t0 = Date.now();
    await pool(clients, 5, (c, i) => addManagers(setup.target, c, managersOf.get(i) ?? []));
    log(ctx, `digest burst: ${P.users} users made managers of ${P.clients} clients (${P.clientsPerUser} each) in ${Date.now() - t0} ms`);
  } finally {
    await setup.spawned.stop();
  }
  const trivial = await spawnTrivialBolt(ctx, 'trivial-bolt-digest');
  const baseline = process.env.BENCH_BASELINE_DIR;
  const order = Array.from({ length: P.rounds }, (_, i) => (baseline ? (i % 2 === 0 ? (['baseline', 'current'] as const) : (['current', 'baseline'] as const)) : (['current'] as const))).flat();
  const rounds: DigestBurstRound[] = [];
  try {
    for (const [i, build] of order.entries()) {
      const dir = join(ctx.work, `digest-burst-${i + 1}`);
      await cp(prepared, dir, { recursive: true });
      try {
        rounds.push(await oneRound(ctx, dir, build, trivial.requests, `digest-burst-${i + 1}-${build}`));
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    }
  } finally {
    await trivial.spawned.stop();
    await rm(prepared, { recursive: true, force: true });
  }
  return {
    users: P.users,
    clients: P.clients,
    clientsPerUser: P.clientsPerUser,
    zones: [...P.zones],
    googleLatencyMs: P.googleLatencyMs,
    googleUserRate: P.googleUserRate,
    appMinuteBound: 62 * P.googleUserRate,
    minLeadMs: P.leadMs,
    targetMs: P.targetMs,
    ackTargetRatio: P.ackTargetRatio,
    ackEveryMs: P.ackEveryMs,
    rounds,
  };
}

/** Each part of the target on this build's median round (the machine is shared: one slow round does not fail it). */
export function digestBurstVerdict(r: DigestBurstResult): { delivered: boolean; quota: boolean; acks: boolean; met: boolean } {
  const rounds = r.rounds.filter((x) => x.build === 'current');
  const med = (pick: (x: DigestBurstRound) => number) => percentile(rounds.map(pick), 50);
  const any = rounds.length > 0;
  const delivered = any && med((x) => x.withinTarget) === r.users && med((x) => x.duplicates) === 0;
  const quota = any && med((x) => x.google.refused) === 0 && med((x) => x.google.peakPerAccountPerMinute) <= Math.min(r.appMinuteBound, GOOGLE_USER_PER_MINUTE);
  const acks = any && med((x) => x.acks.ratioP99) <= r.ackTargetRatio;
  return { delivered, quota, acks, met: delivered && quota && acks };
}
