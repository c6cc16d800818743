import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectedClientApp, operator, type ConnectedApp } from '../harness/connected.js';
import { eventMenus, submitEvent } from './helpers.js';
import { visibleText } from '../harness/visible.js';

const CEO = 'ceo@acme.com';

/** A deterministic "random" so a failing run can be replayed. */
function lcg(seed: number) {
  let s = seed;
  return () => ((s = (s * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
}

describe('Google failing 30% of the time', () => {
  let t: ConnectedApp<'Acme'>;
  const live = () => t.google.events(CEO).filter((e) => e.status !== 'cancelled');

  beforeAll(async () => {
    // "dec 21" below is in this "today"'s month, whatever day the suite runs.
    t = await connectedClientApp({ now: '2026-12-02T09:00:00Z', env: { CALENDAR_CACHE_SECONDS: '0' }, clients: [{ name: 'Acme', email: CEO }] });
  });
  afterAll(() => t?.close());

  it('every operation completes or ends with a clear message, and nothing is created twice', async () => {
    const random = lcg(42);
    const faults = [
      { status: 429 as const, retryAfter: 0 },
      { status: 403 as const, reason: 'rateLimitExceeded' },
      { status: 403 as const, reason: 'userRateLimitExceeded' },
      { status: 503 as const },
    ];
    let injected = 0;
    // One draw per request: 30% of Calendar API calls fail, spread over the four kinds.
    // (The OAuth endpoints are not part of this drill.)
    const draws = new WeakMap<object, number>();
    const draw = (req: object) => draws.get(req) ?? (draws.set(req, random()), draws.get(req)!);
    faults.forEach((fault, k) => {
      t.google.fail({
        match: (req) => {
          if (!req.path.includes('/calendar/v3/')) return false;
          const d = draw(req);
          const hit = d >= k * 0.075 && d < (k + 1) * 0.075;
          if (hit) injected++;
          return hit;
        },
        times: 10_000,
        ...fault,
      });
    });
    const outcomes: string[] = [];
    const clear = (text: string) => /Created|Google is busy|try again/.test(text);
    for (let i = 0; i < 12; i++) {
      const form = { clientId: t.ids.Acme, calendarId: CEO, title: `Drill ${i}`, startDate: '2026-12-21', startTime: `${String(8 + (i % 10)).padStart(2, '0')}:00`, duration: '30m', timeZone: 'UTC' };
      const url = t.slack.responseUrl();
      await submitEvent(t, operator, form, { viewId: `VDRILL${i}`, meta: JSON.stringify({ responseUrl: url }) });
      const answer = visibleText((await t.slack.waitForResponse((r) => r.url === url, 20_000)).body);
      expect(clear(answer), answer).toBe(true);
      outcomes.push(answer.includes('Created') ? 'created' : 'told');
      // Retrying the same submission (Slack's retry, or the user again) never duplicates.
      if (!answer.includes('Created')) {
        const again = t.slack.responseUrl();
        await submitEvent(t, operator, form, { viewId: `VDRILL${i}`, meta: JSON.stringify({ responseUrl: again }) });
        await t.slack.waitForResponse((r) => r.url === again, 20_000);
      }
    }
    for (let i = 0; i < 6; i++) {
      const { response } = await t.command('events acme dec 21 to dec 21', operator);
      const text = visibleText(response);
      expect(/Drill|Google is busy|try again/.test(text), text).toBe(true);
    }
    expect(injected).toBeGreaterThan(3);
    expect(outcomes.filter((o) => o === 'created').length).toBeGreaterThan(6);
    const titles = live().map((e) => e.summary);
    expect(new Set(titles).size).toBe(titles.length);
    t.google.reset();
    const { response } = await t.command('events acme dec 21 to dec 21', operator);
    expect(eventMenus(response).length).toBe(titles.length);
  });
});
