// METRICS_TOKEN, METRICS_PORT, METRICS_HOST, OPS_CHANNEL (issue 16): off unless set, and never public by default.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { problemsOf, validEnv as valid } from './config-env.js';

describe('the monitoring settings', () => {
  it('serve nothing and post nothing unless set; a separate metrics port listens on loopback by default', () => {
    const none = loadConfig(valid);
    expect(none.metrics).toEqual({ token: undefined, port: undefined, host: '127.0.0.1' });
    expect(none.opsChannel).toBeUndefined();
    const all = loadConfig({ ...valid, METRICS_TOKEN: ' 0123456789abcdef0123 ', METRICS_PORT: '9464', METRICS_HOST: '10.0.0.5', OPS_CHANNEL: 'C0123ABC' });
    expect(all.metrics).toEqual({ token: '0123456789abcdef0123', port: 9464, host: '10.0.0.5' });
    expect(all.opsChannel).toBe('C0123ABC');
  });

  it('refuse a short token, a port out of range and a channel given by name, naming the setting', () => {
    const cases: [string, string, RegExp][] = [
      ['METRICS_TOKEN', 'secret', /^METRICS_TOKEN must be at least 16 characters\. .*bearer token/],
      ['METRICS_PORT', '0', /^METRICS_PORT must be between 1 and 65535\./],
      ['METRICS_PORT', 'metrics', /^METRICS_PORT must be a number\./],
      ['OPS_CHANNEL', '#ops', /^OPS_CHANNEL must be a channel id \(C… or G…\), not a name\./],
    ];
    for (const [key, value, expected] of cases) {
      const problems = problemsOf({ ...valid, [key]: value });
      expect(problems, `${key}=${value}`).toHaveLength(1);
      expect(problems[0], `${key}=${value}`).toMatch(expected);
    }
  });
});
