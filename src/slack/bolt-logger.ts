import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from '../logger.js';

/** Routes Bolt's and the Web API client's logs through our pino logger (and its redaction). */
export function boltLogger(log: Logger): BoltLogger {
  let level = LogLevel.INFO;
  const write = (fn: 'debug' | 'info' | 'warn' | 'error') => (...msg: unknown[]) => {
    const [first, ...rest] = msg;
    if (first instanceof Error) log[fn]({ err: first }, rest.map(String).join(' ') || first.message);
    else log[fn](msg.map((m) => (typeof m === 'string' ? m : JSON.stringify(m))).join(' '));
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
