import { describe, expect, it } from 'vitest';
import { feedNoticeMessage } from '../../src/slack/views/feed-notice.js';
import { snapshotOf } from '../../src/core/feed/diff.js';
import { loadConfig } from '../../src/config.js';
import { event } from '../core/fixtures.js';
import { problemsOf, validEnv } from '../foundation/config-env.js';

const ctx = { clientId: 'cl_acme', calendarId: 'ceo@acme.com', clientName: 'Acme <!channel>', calendarName: 'Work & <b>', zone: 'Europe/Paris' };

describe('a feed notice as Slack shows it', () => {
  it('escapes every string that came from a person or from Google', () => {
    const after = snapshotOf(event('x1', '2026-12-02T09:00:00Z', '2026-12-02T10:00:00Z', { title: '<@U0ADMIN> & <https://evil|click>', location: '<!here>' }));
    const { text, blocks } = feedNoticeMessage({ kind: 'change', change: { kind: 'relocated', eventId: 'x1', before: { ...after, location: 'Room <1>' }, after }, conflicts: [] }, ctx);
    for (const raw of ['<!channel>', '<@U0ADMIN>', '<https://evil|click>', '<!here>', 'Room <1>']) expect(JSON.stringify({ text, blocks })).not.toContain(raw);
    expect(text).toContain('*Acme &lt;!channel&gt;*');
    expect(text).toContain('Room &lt;1&gt; \u2192 &lt;!here&gt;');
  });

  it('keeps a burst of very long titles within one section\u2019s 3,000 characters', () => {
    const long = snapshotOf(event('x1', '2026-12-02T09:00:00Z', '2026-12-02T10:00:00Z', { title: '<'.repeat(1000) }));
    const first = Array.from({ length: 5 }, (_, i) => ({ kind: 'created' as const, eventId: `e${i}`, after: long }));
    const { blocks } = feedNoticeMessage({ kind: 'burst', count: 60, first }, ctx);
    expect(blocks).toHaveLength(1);
    expect(JSON.stringify(blocks[0]).length).toBeLessThan(3_200);
  });

  it('tells an all-day event by its dates, and a series shift in words', () => {
    const allDay = snapshotOf(event('x1', '2026-12-24', '2026-12-27', { title: 'OOO' }));
    expect(feedNoticeMessage({ kind: 'change', change: { kind: 'created', eventId: 'x1', after: allDay }, conflicts: [] }, ctx).text).toContain('Thu 24 Dec\u2013Sat 26 Dec (all day)');
    expect(feedNoticeMessage({ kind: 'series-moved', title: 'Weekly sync', count: 14, shiftMinutes: -90 }, ctx).text).toContain('14 events of *Weekly sync* moved 1 h 30 min earlier');
  });
});

describe('feed settings', () => {
  it('honours any poll interval from 1 second, and refuses less', () => {
    expect(loadConfig({ ...validEnv, FEED_POLL_SECONDS: '1' }).feed.pollSeconds).toBe(1);
    expect(loadConfig(validEnv).feed.pollSeconds).toBe(60);
    expect(problemsOf({ ...validEnv, FEED_POLL_SECONDS: '0' })[0]).toMatch(/^FEED_POLL_SECONDS /);
    expect(problemsOf({ ...validEnv, FEED_POLL_SECONDS: '1.5' })[0]).toMatch(/^FEED_POLL_SECONDS /);
  });

  it('pushes by default only to an https PUBLIC_URL outside Socket Mode; on and off decide alone', () => {
    expect(loadConfig({ ...validEnv, PUBLIC_URL: 'https://calstack.example.com' }).feed.push).toBe(true);
    expect(loadConfig({ ...validEnv, PUBLIC_URL: 'http://localhost:3000' }).feed.push).toBe(false);
    expect(loadConfig({ ...validEnv, PUBLIC_URL: 'https://calstack.example.com', SLACK_APP_TOKEN: 'xapp-1' }).feed.push).toBe(false);
    expect(loadConfig({ ...validEnv, PUBLIC_URL: 'http://127.0.0.1:3000', FEED_PUSH: 'on' }).feed.push).toBe(true);
    expect(loadConfig({ ...validEnv, PUBLIC_URL: 'https://calstack.example.com', FEED_PUSH: 'off' }).feed.push).toBe(false);
    expect(problemsOf({ ...validEnv, FEED_PUSH: 'yes' })[0]).toMatch(/^FEED_PUSH /);
  });
});
