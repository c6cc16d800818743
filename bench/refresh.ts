// 3b. One refresh for 50 concurrent commands on an expired token.
import { startTestApp, type TestApp } from '../tests/harness/app.js';
import type { TestDatabase } from '../tests/harness/database.js';
import { withTimeout } from './lib.js';
import { PARAMS } from './params.js';
import { command, operator, type Target } from './setup.js';
import { type Ctx, log } from './spawn-app.js';

export interface RefreshTrial {
  /** How the app learns the token expired. */
  scenario: string;
  googleLatencyMs: number;
  concurrent: number;
  refreshes: number;
  calendarList: number;
  unauthorized: number;
  tokenRequests: number;
  okResponses: number;
  /** Commands not acknowledged within Bolt's 3 s. */
  ackFailures: number;
  wallMs: number;
}

export async function refreshSingleFlight(ctx: Ctx, db: TestDatabase): Promise<RefreshTrial[]> {
  const victim = ctx.clients[0]!;
  const t: TestApp = await startTestApp({
    google: ctx.google,
    slack: ctx.slack,
    db,
    env: {
      LOG_LEVEL: 'info',
      CALENDAR_CACHE_SECONDS: '0',
      SLACK_BOT_TOKEN: ctx.baseEnv.SLACK_BOT_TOKEN!,
      GOOGLE_CLIENT_ID: ctx.baseEnv.GOOGLE_CLIENT_ID!,
      GOOGLE_CLIENT_SECRET: ctx.baseEnv.GOOGLE_CLIENT_SECRET!,
      TOKEN_ENCRYPTION_KEY: ctx.baseEnv.TOKEN_ENCRYPTION_KEY!,
    },
  });
  const target: Target = { requests: t.requests, slack: ctx.slack, google: ctx.google };
  const trials: RefreshTrial[] = [];
  const scenarios = [
    { scenario: 'fresh process: the stored expiry is in the past', latency: 100, restart: false },
    { scenario: 'same process: a token the app holds in memory was expired at Google (401 → refresh)', latency: 100, restart: false },
    { scenario: 'fresh process: the stored expiry is in the past', latency: 0, restart: true },
  ];
  try {
    for (const s of scenarios) {
      if (s.restart) await t.restart();
      ctx.google.setLatency(s.latency);
      ctx.google.expireAccessTokens(victim.email);
      await t.app.db.prisma.googleConnection.updateMany({ where: { googleEmail: victim.email }, data: { expiresAt: new Date(Date.now() - 60_000) } });
      const refreshesBefore = ctx.google.refreshCount();
      const before = ctx.google.requests.length;
      const started = performance.now();
      const sent = await Promise.all(Array.from({ length: PARAMS.refresh.concurrent }, () => command(target, `calendars ${victim.slug}`, operator(200), 60_000)));
      const answered = await withTimeout(
        Promise.all(sent.map((x) => (x.ack.status === 200 ? x.response.catch(() => undefined) : Promise.resolve(undefined)))),
        90_000,
        'calendars responses',
      );
      const responses = answered.filter((x) => x !== undefined);
      const reqs = ctx.google.requests.slice(before);
      trials.push({
        scenario: s.scenario,
        googleLatencyMs: s.latency,
        concurrent: PARAMS.refresh.concurrent,
        refreshes: ctx.google.refreshCount() - refreshesBefore,
        calendarList: reqs.filter((r) => r.path.includes('/calendarList')).length,
        unauthorized: reqs.filter((r) => r.status === 401).length,
        tokenRequests: reqs.filter((r) => r.path === '/token').length,
        okResponses: responses.filter((x) => JSON.stringify(x.body).includes(`${victim.name} team`)).length,
        ackFailures: sent.filter((x) => x.ack.status !== 200).length,
        wallMs: Math.round(performance.now() - started),
      });
      const last = trials[trials.length - 1]!;
      log(ctx, `refresh (${s.scenario}, ${s.latency} ms): ${last.refreshes} refresh(es), ${last.unauthorized} 401s, for ${PARAMS.refresh.concurrent} commands`);
      ctx.google.setLatency(0);
    }
  } finally {
    ctx.google.setLatency(0);
    await t.close();
    // The harness registered the OAuth app with its own redirect URI only; later spawned apps use other ports.
    ctx.google.addOAuthClient({ clientId: ctx.baseEnv.GOOGLE_CLIENT_ID!, clientSecret: ctx.baseEnv.GOOGLE_CLIENT_SECRET! });
  }
  return trials;
}
