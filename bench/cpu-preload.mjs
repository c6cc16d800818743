// Preloaded into the app process for the profiling run only (`node --import bench/cpu-preload.mjs
// … dist/main.js`): the first SIGUSR2 starts a V8 CPU profile, the second stops it and writes it
// to BENCH_CPU_FILE (a .cpuprofile). So the profile covers exactly the window the benchmark
// chooses (a burst of commands), not start-up. It changes nothing else in the app.
import { Session } from 'node:inspector/promises';
import { writeFileSync } from 'node:fs';

const file = process.env.BENCH_CPU_FILE;
if (file) {
  const session = new Session();
  session.connect();
  let running = false;
  process.on('SIGUSR2', () => {
    void (async () => {
      try {
        if (!running) {
          running = true;
          await session.post('Profiler.enable');
          await session.post('Profiler.setSamplingInterval', { interval: 1000 });
          await session.post('Profiler.start');
          writeFileSync(`${file}.started`, '');
        } else {
          running = false;
          const { profile } = await session.post('Profiler.stop');
          writeFileSync(file, JSON.stringify(profile));
        }
      } catch (err) {
        writeFileSync(`${file}.error`, String(err?.stack ?? err));
      }
    })();
  });
}
