// Worker threads take the process's young-generation size: V8 applies npm start's
// --max-semi-space-size to the main thread only, and a worker left to V8's defaults may grow a
// young generation of 48 MB on this machine.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { threadResourceLimits } from '../../src/shared/module-thread.js';
import { machineEnv, ROOT, TSX_IMPORT } from '../harness/node.js';

const run = promisify(execFile);

/** The resource limits of a Google transport thread started by moduleThread in a node run with `flags`. */
async function transportThreadLimits(flags: string[], env: Record<string, string> = {}): Promise<Record<string, number>> {
  const script = `
    import { moduleThread } from './src/shared/module-thread.ts';
    const worker = moduleThread(new URL('./src/google/transport.ts', 'file://' + process.cwd() + '/').href, 'transport-thread', { workerData: { rootUrl: 'http://127.0.0.1:9/', timeoutMs: 1000 } });
    worker.on('message', (m) => { if (m.t === 'ready') { console.log(JSON.stringify(worker.resourceLimits)); void worker.terminate(); } });
  `;
  const { stdout } = await run(process.execPath, [...flags, ...TSX_IMPORT, '--input-type=module', '-e', script], { cwd: ROOT, env: { ...machineEnv(), ...env }, timeout: 60_000 });
  return JSON.parse(stdout.trim()) as Record<string, number>;
}

describe('worker threads and the process heap settings', () => {
  it('reads --max-semi-space-size in either spelling and form, from the flags or NODE_OPTIONS', () => {
    expect(threadResourceLimits(['--max-semi-space-size=2'])).toEqual({ maxYoungGenerationSizeMb: 6 });
    expect(threadResourceLimits(['--liftoff-only', '--max_semi_space_size', '4'])).toEqual({ maxYoungGenerationSizeMb: 12 });
    expect(threadResourceLimits(['--max-semi-space-size=1', '--max-semi-space-size=3'])).toEqual({ maxYoungGenerationSizeMb: 9 });
    expect(threadResourceLimits(['--max-semi-space-size=many'])).toEqual({});
    expect(threadResourceLimits(['--max-old-space-size=100', ''])).toEqual({});
    expect(threadResourceLimits([])).toEqual({});
  });

  it('gives the Google transport thread npm start\u2019s young generation (3 semi-spaces), and V8\u2019s larger default without the flag', { timeout: 120_000 }, async () => {
    const [flagged, viaNodeOptions, plain] = await Promise.all([
      transportThreadLimits(['--max-semi-space-size=2']),
      transportThreadLimits([], { NODE_OPTIONS: '--max-semi-space-size=2' }),
      transportThreadLimits([]),
    ]);
    expect(flagged.maxYoungGenerationSizeMb).toBe(6);
    expect(viaNodeOptions.maxYoungGenerationSizeMb).toBe(6);
    expect(plain.maxYoungGenerationSizeMb).toBeGreaterThan(6);
  });
});
