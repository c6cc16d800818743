// Where an app under test finds the fake Slack and Google: in this process or in its own.
import type { FakeGoogle } from '../fakes/google.js';
import type { FakeSlack } from '../fakes/slack.js';

export interface AppProcessFakes {
  /** The process calls this fake Slack's Web API (its bot token must be registered there). */
  slack?: FakeSlack;
  /** The process's Google endpoints (OAuth and Calendar) point at this fake Google. */
  google?: FakeGoogle;
}

/** The settings that point an app at the fakes. */
export function fakeEndpointsEnv({ slack, google }: AppProcessFakes): Record<string, string> {
  return {
    ...(slack ? { SLACK_API_URL: slack.apiUrl } : {}),
    ...(google
      ? { GOOGLE_AUTH_URL: google.authUrl, GOOGLE_TOKEN_URL: google.tokenUrl, GOOGLE_REVOKE_URL: google.revokeUrl, GOOGLE_API_URL: google.apiRoot }
      : {}),
  };
}
