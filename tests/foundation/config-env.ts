// The smallest valid environment, and the problems loadConfig reports for one: shared by the
// tests of single settings.
import { ConfigError, loadConfig } from '../../src/config.js';

export const validEnv = {
  SLACK_BOT_TOKEN: 'xoxb-1-abc',
  SLACK_SIGNING_SECRET: '8f742231b10e8888abcd99aa8885a5',
  GOOGLE_CLIENT_ID: 'id.apps.googleusercontent.com',
  GOOGLE_CLIENT_SECRET: 'secret',
};

/** Every problem loadConfig finds in `env`; none when it loads. */
export function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
    return [];
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
}
