import { describe, expect, it } from 'vitest';
import { ALICE, calendarFor, connect, oauthClient, startFakeGoogleEachTest } from './google-test-kit.js';
import { UsageLimits } from './google/usage-limits.js';

describe("the fake enforces Google's per-minute quotas", () => {
  it('600 requests a minute per user, 10,000 per project, over a sliding window', () => {
    const limits = new UsageLimits();
    const t0 = 1_000_000;
    for (let i = 0; i < 600; i++) expect(limits.admit('app', 'a@x.com', t0 + i)).toBeUndefined();
    expect(limits.admit('app', 'a@x.com', t0 + 600)).toBe('userRateLimitExceeded');
    // Another user of the same project has a minute of their own.
    expect(limits.admit('app', 'b@x.com', t0 + 601)).toBeUndefined();
    // The window slides: a minute after the first requests they no longer count.
    expect(limits.admit('app', 'a@x.com', t0 + 60_000)).toBe('userRateLimitExceeded');
    expect(limits.admit('app', 'a@x.com', t0 + 60_800)).toBeUndefined();

    const project = new UsageLimits();
    for (let i = 0; i < 10_000; i++) expect(project.admit('app', `u${i % 100}@x.com`, t0)).toBeUndefined();
    expect(project.admit('app', 'new@x.com', t0 + 1)).toBe('rateLimitExceeded');
    expect(project.admit('other-app', 'new@x.com', t0 + 1)).toBeUndefined();
  });

  describe('over HTTP', () => {
    startFakeGoogleEachTest({ usageLimits: { perUserPerMinute: 3 } });

    it('answers 403 userRateLimitExceeded in the usageLimits domain', async () => {
      const api = calendarFor(await connectedClient());
      for (let i = 0; i < 3; i++) await api.events.list({ calendarId: ALICE });
      const refused = await api.events.list({ calendarId: ALICE }).then(
        () => undefined,
        (e: { status?: number; response?: { data?: { error?: { errors?: { domain?: string; reason?: string }[] } } } }) => ({ status: e.status, ...e.response?.data?.error?.errors?.[0] }),
      );
      expect(refused).toMatchObject({ status: 403, domain: 'usageLimits', reason: 'userRateLimitExceeded' });
    });
  });
});

async function connectedClient() {
  const client = oauthClient();
  await connect(client);
  return client;
}
