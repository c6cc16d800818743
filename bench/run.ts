// `npm run bench`: runs the real app against the fake Slack and fake Google and writes
// BENCHMARKS.md and bench/results.json. See bench/suite.ts for the method.
//
// DATABASE_URL, when set, is used only for the PostgreSQL cold-start and memory measurements; the
// test harness must not see it (it would put every throwaway database on that server), so it is
// taken out of the environment before the harness is loaded.
const postgresUrl = process.env.DATABASE_URL?.trim() || undefined;
delete process.env.DATABASE_URL;

const HARD_LIMIT_MS = 35 * 60_000;

const { runSuite, parseOnly } = await import('./suite.js');
const { killAllChildren } = await import('./proc.js');

process.on('exit', killAllChildren);
const watchdog = setTimeout(() => {
  console.error(`bench: still running after ${HARD_LIMIT_MS / 60_000} minutes; giving up`);
  killAllChildren();
  process.exit(1);
}, HARD_LIMIT_MS);
watchdog.unref();

try {
  await runSuite({ postgresUrl, only: parseOnly(process.env.BENCH_ONLY) });
  process.exit(0);
} catch (err) {
  console.error('bench failed:', err);
  killAllChildren();
  process.exit(1);
}
