// The line under the event form's time (and quick add's): pure Block Kit text, escaped, bounded.
import { describe, expect, it } from 'vitest';
import { checkText, conflictLine, CONFLICTS_LISTED } from '../../src/slack/views/form-check.js';
import { event } from '../core/fixtures.js';

describe('the conflict line', () => {
  const overlap = (i: number, title: string) => ({
    clientId: `c${i}`,
    clientName: i === 0 ? 'Globex <!here>' : `Client ${i}`,
    event: event(`e${i}`, '2026-12-03T14:00:00Z', '2026-12-03T15:00:00Z', { title }),
  });

  it('names each overlap in the viewer\u2019s zone, escaped, at most five and then how many more', () => {
    const items = Array.from({ length: CONFLICTS_LISTED + 3 }, (_, i) => overlap(i, i === 0 ? 'Board <call> & co' : `Call ${i}`));
    const line = conflictLine(items, 'Europe/Paris')!;
    expect(line.startsWith(':warning: Conflicts with Globex &lt;!here&gt;: Board &lt;call&gt; &amp; co 15:00\u201316:00, Client 1: Call 1 15:00\u201316:00')).toBe(true);
    expect(line.endsWith('Client 4: Call 4 15:00\u201316:00 and 3 more')).toBe(true);
    expect(line).not.toContain('Client 5');
    expect(conflictLine([overlap(1, 'x')], 'America/New_York')).toBe(':warning: Conflicts with Client 1: x 09:00\u201310:00');
    expect(conflictLine([], 'UTC')).toBeNull();
  });

  it('says what a failed check could not do, and names each guest\u2019s state', () => {
    expect(checkText({ kind: 'failed', reason: 'Google <b> said no' }, 'UTC')).toBe(':grey_question: Couldn\u2019t check (Google &lt;b&gt; said no).');
    const guests = Array.from({ length: 12 }, (_, i) => ({ email: `g${i}@x.com`, state: i % 2 ? ('busy' as const) : ('unknown' as const) }));
    const text = checkText({ kind: 'checked', overlaps: [], unreadable: [], guests }, 'UTC');
    expect(text).toContain('Guests: g0@x.com unknown, g1@x.com busy');
    expect(text).toContain('g9@x.com busy and 2 more');
  });
});
