// 6. What serving metrics costs the acks (issue 16): the same burst of agendas (Google slow) against
// the app without METRICS_TOKEN and with it, scraped every second during the burst (Prometheus
// scrapes every 15-60 s: this is the pessimistic case). Rounds alternate between the two, each on a
// fresh process on the same database, so both see the same machine.
import { summarize, round, sleep, type Summary } from './lib.js';
import { PARAMS } from './params.js';
import { burst } from './ack.js';
import { command, operator } from './setup.js';
import { type Ctx, log, spawnApp } from './spawn-app.js';

export interface MetricsCostRound {
  served: boolean;
  ack: Summary;
  /** Scrapes answered during the burst, and how long each took (client side). */
  scrapes: number;
  scrapeMs?: Summary;
  /** The scrape's size, for scale. */
  scrapeBytes?: number;
}

export interface MetricsCostResult {
  concurrent: number;
  googleLatencyMs: number;
  scrapeEveryMs: number;
  rounds: MetricsCostRound[];
  without: Summary;
  served: Summary;
  /** served p99 / without p99 */
  ratioP99: number;
}

const TOKEN = 'bench-metrics-token-0123456789';

async function oneRound(ctx: Ctx, where: { dataDir: string; databaseUrl?: string }, served: boolean): Promise<MetricsCostRound & { samples: number[] }> {
  const P = PARAMS.metricsCost;
  const { spawned, target } = await spawnApp(ctx, where, served ? { METRICS_TOKEN: TOKEN } : {}, served ? 'metrics-served' : 'metrics-off');
  try {
    for (let i = 0; i < PARAMS.ack.warmupRequests; i++) await (await command(target, 'help', operator(200), 30_000)).response;
    ctx.google.setLatency(P.googleLatencyMs);
    const scrapeMs: number[] = [];
    let scrapeBytes = 0;
    let scraping = served;
    const scraper = (async () => {
      while (scraping) {
        const started = performance.now();
        const res = await fetch(`${spawned.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
        const text = await res.text();
        if (res.status !== 200) throw new Error(`/metrics answered ${res.status}`);
        scrapeMs.push(performance.now() - started);
        scrapeBytes = text.length;
        await sleep(P.scrapeEveryMs);
      }
    })();
    const b = await burst(target, ctx.clients.slice(0, P.concurrent).map((c) => `agenda ${c.slug}`)).finally(() => (scraping = false));
    await scraper;
    const samples = b.sent.map((s) => s.ack.ms);
    const ack = summarize(samples);
    log(ctx, `metrics ${served ? 'served (scraped every second)' : 'not served'}: ack p50 ${ack.p50} ms, p99 ${ack.p99} ms${served ? `; ${scrapeMs.length} scrapes, p50 ${round(summarize(scrapeMs).p50)} ms` : ''}`);
    return { served, ack, samples, scrapes: scrapeMs.length, ...(served ? { scrapeMs: summarize(scrapeMs), scrapeBytes } : {}) };
  } finally {
    ctx.google.setLatency(0);
    await spawned.stop();
  }
}

export async function metricsCost(ctx: Ctx, where: { dataDir: string; databaseUrl?: string }): Promise<MetricsCostResult> {
  const P = PARAMS.metricsCost;
  const rounds: (MetricsCostRound & { samples: number[] })[] = [];
  for (let r = 0; r < P.rounds; r++) {
    // Alternating which goes first, so neither always runs on a machine the other just warmed.
    for (const served of r % 2 ? [true, false] : [false, true]) rounds.push(await oneRound(ctx, where, served));
  }
  // Percentiles pool every ack of every round of each mode.
  const pooled = (served: boolean) => summarize(rounds.filter((x) => x.served === served).flatMap((x) => x.samples));
  const without = pooled(false);
  const served = pooled(true);
  return {
    concurrent: P.concurrent,
    googleLatencyMs: P.googleLatencyMs,
    scrapeEveryMs: P.scrapeEveryMs,
    rounds: rounds.map(({ samples: _samples, ...x }) => x),
    without,
    served,
    ratioP99: round(served.p99 / without.p99, 2),
  };
}
