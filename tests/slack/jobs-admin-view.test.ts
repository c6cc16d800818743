// The `/calstack admin jobs` message, a pure view: within Slack's Block Kit limits (checked by the
// fake Slack's own rules) for any number of queues and dead-lettered jobs, with every queue name,
// error and id from a job shown escaped, and one Retry per listed job.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEAD_LETTERS_SHOWN, jobsAdminMessage } from '../../src/slack/views/jobs-admin.js';
import type { JobsOverview } from '../../src/core/jobs/admin.js';
import type { DeadLetter } from '../../src/core/jobs/ports.js';
import { checkMessage } from '../fakes/slack/block-kit.js';
import { runs, userText } from '../core/properties/arbitraries.js';
import { accessoryButtonsOf, buttonsOf, mrkdwnTexts as mrkdwnOf } from './sent-blocks.js';
import { visibleText } from '../harness/visible.js';

const MENTION = /<@[UW][A-Z0-9]{2,20}>/g;

const deadLetter = (i: number, over: Partial<DeadLetter> = {}): DeadLetter => ({
  id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
  queue: 'daily-digest',
  deadLetteredAt: new Date(Date.UTC(2026, 11, 2, 9, 0) - i * 60_000),
  attempts: 6,
  lastError: 'An API error occurred: channel_not_found',
  teamId: 'T0ACME',
  userId: 'U0READER',
  ...over,
});

const overviews: fc.Arbitrary<JobsOverview> = fc
  .record({
    queues: fc.array(
      fc.record({
        queue: userText(300),
        queued: fc.nat(1_000_000),
        active: fc.nat(1000),
        failed: fc.nat(1_000_000),
        deadLettered: fc.nat(1_000_000),
      }),
      { maxLength: 60 },
    ),
    deadLetters: fc.array(
      fc.record({
        queue: userText(300),
        attempts: fc.integer({ min: 1, max: 21 }),
        lastError: fc.option(userText(4000), { nil: null }),
        teamId: fc.constantFrom('T0ACME', null),
        userId: fc.option(fc.oneof(fc.stringMatching(/^U[A-Z0-9]{8,11}$/), userText(100)), { nil: null }),
      }),
      { maxLength: 80 },
    ),
  })
  .map(({ queues, deadLetters }) => ({ queues, deadLetters: deadLetters.map((d, i) => deadLetter(i, d)) }));

describe('the admin jobs view', () => {
  it('stays within Block Kit limits, escapes what jobs carry, and offers one Retry per listed job', () => {
    fc.assert(
      fc.property(overviews, (overview) => {
        const message = jobsAdminMessage(overview);
        expect(checkMessage({ channel: 'C1', text: message.text, blocks: message.blocks })).toBeUndefined();
        // The only live `<…>` are mentions of the users jobs concern; the only `>` starts the error's quote.
        for (const text of mrkdwnOf(message)) expect(text.replace(MENTION, '').replace(/^> /gm, '')).not.toMatch(/[<>]/);
        const listed = overview.deadLetters.slice(0, DEAD_LETTERS_SHOWN);
        expect(accessoryButtonsOf(message.blocks).map((b) => [b.action_id, b.value])).toEqual(listed.map((d) => ['jobs_retry', d.id]));
        const retryAll = buttonsOf(message.blocks).filter((b) => b.action_id === 'jobs_retry_all');
        expect(retryAll.map((b) => b.text.text)).toEqual(overview.deadLetters.length > 1 ? [`Retry all ${overview.deadLetters.length}`] : []);
      }),
      runs(150),
    );
  });

  it('shows a hostile queue name, error and user id as text, never as a mention or link', () => {
    const message = jobsAdminMessage({
      queues: [{ queue: 'q <!channel>', queued: 1, active: 0, failed: 2, deadLettered: 1 }],
      deadLetters: [deadLetter(1, { queue: 'q <!channel>', lastError: 'failed for <@U0BOSS> & <https://evil|click>', userId: '<!here>' })],
    });
    const mrkdwn = mrkdwnOf(message).join('\n');
    expect(mrkdwn).toContain('`q &lt;!channel&gt;` 1 queued · 0 active · 2 failed · 1 dead-lettered');
    expect(mrkdwn).toContain('failed for &lt;@U0BOSS&gt; &amp; &lt;https://evil|click&gt;');
    expect(mrkdwn).toContain('for &lt;!here&gt;');
    expect(mrkdwn).not.toMatch(/<[!@h]/);
  });

  it('names the user a job concerns, marks deployment-wide jobs, and says when nothing is dead-lettered', () => {
    const text = visibleText(jobsAdminMessage({
      queues: [{ queue: 'revocation-retry', queued: 0, active: 0, failed: 1, deadLettered: 1 }],
      deadLetters: [deadLetter(1), deadLetter(2, { queue: 'revocation-retry', teamId: null, userId: null, lastError: null, attempts: 1 })],
    }));
    expect(text).toContain('`daily-digest` for <@U0READER> · 6 attempts · dead-lettered 2026-12-02 08:59 UTC');
    expect(text).toContain('`revocation-retry` deployment-wide · 1 attempt · dead-lettered 2026-12-02 08:58 UTC');
    expect(text).toContain('no error recorded');
    expect(visibleText(jobsAdminMessage({ queues: [], deadLetters: [] }))).toContain('none in this workspace');
  });

  it('lists the newest jobs and counts the rest, which Retry all still takes', () => {
    const many = Array.from({ length: DEAD_LETTERS_SHOWN + 7 }, (_, i) => deadLetter(i));
    const message = jobsAdminMessage({ queues: [], deadLetters: many });
    expect(accessoryButtonsOf(message.blocks)).toHaveLength(DEAD_LETTERS_SHOWN);
    expect(visibleText(message)).toContain('and 7 older ones, not shown; *Retry all* takes them too.');
    expect(buttonsOf(message.blocks).map((b) => b.text.text)).toEqual([`Retry all ${DEAD_LETTERS_SHOWN + 7}`]);
  });
});
