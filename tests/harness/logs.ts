import { Writable } from 'node:stream';
import { createLogger } from '../../src/logger.js';

/** A JSON line of the app's pino log: the fields tests read, the rest left open. */
export interface LogLine {
  level: number;
  msg?: string;
  reqId?: string;
  err?: { message?: string; stack?: string };
  [field: string]: unknown;
}

/** The app's own logger, writing into memory: every line raw and parsed. */
export function captureLogs(opts: { level?: string; secrets?: (string | undefined)[] } = {}) {
  const raw: string[] = [];
  const lines: LogLine[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      raw.push(String(chunk));
      lines.push(JSON.parse(String(chunk)) as LogLine);
      done();
    },
  });
  const log = createLogger({ level: opts.level ?? 'info', destination, ...(opts.secrets ? { secrets: opts.secrets } : {}) });
  return { raw, lines, log };
}
