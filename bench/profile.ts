// Reads a V8 .cpuprofile (node --cpu-prof) and sums self time by where the code lives:
// a package in node_modules, the app's own code, Node's internals, WebAssembly, GC.
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber?: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface CpuShare {
  where: string;
  ms: number;
  /** Share of the time the process was not idle. */
  pct: number;
}

function categorize(frame: ProfileNode['callFrame']): string {
  const { url, functionName } = frame;
  if (!url) {
    if (functionName === '(idle)') return 'idle';
    if (functionName === '(garbage collector)') return 'garbage collection';
    if (functionName === '(program)') return 'V8/native (program)';
    return `native built-in: ${functionName || 'anonymous'}`;
  }
  if (url.startsWith('wasm://')) return 'WebAssembly (PGlite or Prisma query compiler)';
  if (url.startsWith('node:')) return 'Node internals (HTTP, streams, crypto, timers…)';
  const nm = url.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + '/node_modules/'.length).split('/');
    const pkg = rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
    return `node_modules: ${pkg}`;
  }
  const app = /\/(dist|src)\/(.+)$/.exec(url);
  if (app) {
    const parts = app[2]!.split('/');
    if (parts[0] === 'generated') return 'app: generated Prisma client';
    return `app: ${parts.length > 1 ? parts.slice(0, 2).join('/') : parts[0]}`;
  }
  return url;
}

/** Self time per place, largest first; everything under `minPct` is summed as "other". */
export function summarizeProfile(file: string, minPct = 1.5): { busyMs: number; totalMs: number; shares: CpuShare[] } {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const node = byId.get(id);
    if (!node) return;
    const key = categorize(node.callFrame);
    self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  const totalMs = (profile.endTime - profile.startTime) / 1000;
  const idle = self.get('idle') ?? 0;
  self.delete('idle');
  const busyMs = [...self.values()].reduce((a, b) => a + b, 0);
  const all = [...self.entries()].map(([where, ms]) => ({ where, ms: Math.round(ms), pct: Math.round((1000 * ms) / busyMs) / 10 })).sort((a, b) => b.ms - a.ms);
  const shown = all.filter((s) => s.pct >= minPct);
  const rest = all.filter((s) => s.pct < minPct);
  if (rest.length) {
    const ms = rest.reduce((a, s) => a + s.ms, 0);
    shown.push({ where: `other (${rest.length} places)`, ms, pct: Math.round((1000 * ms) / busyMs) / 10 });
  }
  void idle;
  return { busyMs: Math.round(busyMs), totalMs: Math.round(totalMs), shares: shown };
}

/** The functions with the most self time (name, file:line), for looking at one profile while developing. */
export function topFunctions(file: string, n = 30): { fn: string; ms: number }[] {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((x) => [x.id, x]));
  const self = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const frame = byId.get(id)?.callFrame;
    if (!frame || frame.functionName === '(idle)') return;
    const key = `${frame.functionName || '(anonymous)'} ${frame.url.replace(/^.*\/(node_modules|dist|src)\//, '$1/')}:${(frame.lineNumber ?? 0) + 1}`;
    self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  return [...self.entries()].map(([fn, ms]) => ({ fn, ms: Math.round(ms) })).sort((a, b) => b.ms - a.ms).slice(0, n);
}
