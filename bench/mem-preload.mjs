// Preloaded into the app process by the memory section only (`node --import bench/mem-preload.mjs
// … dist/main.js`): on SIGUSR2 it appends one line to BENCH_MEM_FILE saying what the resident
// memory is made of at that moment, then how much of the JS heap is still live after a full
// collection (which it forces: the lines after one are no longer "as the app would be").
// It changes nothing in the app until signalled.
import { appendFileSync, readFileSync } from 'node:fs';
import v8 from 'node:v8';
import vm from 'node:vm';

const file = process.env.BENCH_MEM_FILE;
const MiB = 1024 * 1024;
const mib = (bytes) => Math.round((bytes / MiB) * 10) / 10;

/** Resident KiB per kind of mapping, from /proc/self/smaps. */
function mappings() {
  const out = { wasmMemoryMiB: 0, mallocHeapMiB: 0, otherAnonMiB: 0, fileMiB: 0 };
  let current;
  for (const line of readFileSync('/proc/self/smaps', 'utf8').split('\n')) {
    const head = /^([0-9a-f]+)-([0-9a-f]+) \S+ \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (head) {
      const size = parseInt(head[2], 16) - parseInt(head[1], 16);
      const name = head[3];
      // PGlite's linear memory: one anonymous mapping of at least its initial 128 MiB.
      current = name.startsWith('/') ? 'fileMiB' : name === '[heap]' ? 'mallocHeapMiB' : !name && size >= 128 * MiB ? 'wasmMemoryMiB' : 'otherAnonMiB';
      continue;
    }
    const rss = /^Rss:\s+(\d+) kB/.exec(line);
    if (rss && current) out[current] += Number(rss[1]) / 1024;
  }
  for (const k of Object.keys(out)) out[k] = Math.round(out[k] * 10) / 10;
  return out;
}

if (file) {
  // Node's documented way to reach gc() without starting node with --expose-gc.
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc');
  process.on('SIGUSR2', () => {
    const u = process.memoryUsage();
    const line = { at: Date.now(), rssMiB: mib(u.rss), heapUsedMiB: mib(u.heapUsed), heapTotalMiB: mib(u.heapTotal), externalMiB: mib(u.external), arrayBuffersMiB: mib(u.arrayBuffers), ...mappings() };
    gc();
    line.liveHeapUsedMiB = mib(process.memoryUsage().heapUsed);
    appendFileSync(file, `${JSON.stringify(line)}\n`);
  });
}
