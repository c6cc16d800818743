// Preloaded into the app process for the ack measurement only (`node --import tsx --import
// bench/eld-preload.mjs src/main.ts`): samples the event loop's delay and utilization and appends,
// every 250 ms, the worst delay and the busy share of that interval to BENCH_ELD_FILE. It changes nothing in
// the app; it shows how long a request arriving at that moment would have waited for the loop.
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { appendFileSync } from 'node:fs';

const file = process.env.BENCH_ELD_FILE;
if (file) {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  let previous = performance.eventLoopUtilization();
  const timer = setInterval(() => {
    const current = performance.eventLoopUtilization();
    // Share of the interval the loop spent running code rather than waiting for I/O.
    const busy = performance.eventLoopUtilization(current, previous).utilization;
    previous = current;
    const line = { at: Date.now(), maxMs: histogram.max / 1e6, p99Ms: histogram.percentile(99) / 1e6, meanMs: histogram.mean / 1e6, busy };
    appendFileSync(file, `${JSON.stringify(line)}\n`);
    histogram.reset();
  }, 250);
  timer.unref();
}
