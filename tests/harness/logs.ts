import { Writable } from 'node:stream';
import { createLogger } from '../../src/logger.js';

/** The app's own logger, writing into memory: every line raw and parsed. */
export function captureLogs(opts: { level?: string; secrets?: (string | undefined)[] } = {}) {
  const raw: string[] = [];
  const lines: Record<string, any>[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      raw.push(String(chunk));
      lines.push(JSON.parse(String(chunk)) as Record<string, any>);
      done();
    },
  });
  const log = createLogger({ level: opts.level ?? 'info', destination, ...(opts.secrets ? { secrets: opts.secrets } : {}) });
  return { raw, lines, log };
}
