import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from '../../logger.js';

/**
 * What the libraries log, without the payloads they append: at debug the Web API client writes
 * whole request bodies and results ("http request body: {…}", where our DMs carry authorization
 * links) and the Socket Mode client whole envelopes (response_url, trigger_id, view state). The
 * words before the payload stay, so the log still says what happened.
 */
function withoutPayload(text: string): string {
  const at = text.search(/[{[]/);
  return at < 0 ? text : `${text.slice(0, at)}[payload omitted, ${text.length - at} chars]`;
}

/** Routes Bolt's and the Web API client's logs through our pino logger (and its redaction). */
export function boltLogger(log: Logger): BoltLogger {
  let level = LogLevel.INFO;
  const write = (fn: 'debug' | 'info' | 'warn' | 'error') => (...msg: unknown[]) => {
    const [first, ...rest] = msg;
    if (first instanceof Error) log[fn]({ err: first }, withoutPayload(rest.map(String).join(' ')) || first.message);
    else log[fn](withoutPayload(msg.map((m) => (typeof m === 'string' ? m : JSON.stringify(m))).join(' ')));
  };
  return {
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    setLevel: (l) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => {},
  };
}
