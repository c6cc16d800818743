import type { KnownBlock } from '@slack/types';
import type { JobsOverview } from '../../core/jobs/admin.js';
import type { DeadLetter } from '../../core/jobs/ports.js';
import { count } from '../../shared/plural.js';
import { ids } from '../forms/ids.js';
import { packLines, section } from './blocks.js';
import { escFit } from './mrkdwn.js';

/**
 * Dead-lettered jobs listed one section each, newest first; older ones are only counted, so the
 * message stays well under Slack's 50 blocks whatever the queue holds (Retry all still takes them).
 */
export const DEAD_LETTERS_SHOWN = 20;
/** Sections of queue counts at most (each holds dozens of queues). */
const QUEUE_BLOCKS = 4;
const QUEUE_NAME_MAX = 80;
const ERROR_MAX = 400;
/** Only an id of this shape becomes a mention; anything else a job carries is shown as text. */
const SLACK_USER = /^[UW][A-Z0-9]{2,20}$/;

/** What a job carries, on one line: a line of ours starts with `>` (a quote) only where we put one. */
const oneLine = (text: string, max: number) => escFit(text.replace(/\s+/g, ' '), max);

function concerns(d: DeadLetter): string {
  if (d.userId !== null) return SLACK_USER.test(d.userId) ? `for <@${d.userId}>` : `for ${oneLine(d.userId, 40)}`;
  return d.teamId === null ? 'deployment-wide' : 'for this workspace';
}

const utc = (at: Date) => `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
const queueName = (name: string) => `\`${oneLine(name, QUEUE_NAME_MAX)}\``;

function deadLetterBlock(d: DeadLetter): KnownBlock {
  const error = d.lastError === null ? '_no error recorded (it ran out of time)_' : oneLine(d.lastError, ERROR_MAX);
  return {
    type: 'section',
    text: { type: 'mrkdwn', text: `${queueName(d.queue)} ${concerns(d)} \u00b7 ${count(d.attempts, 'attempt')} \u00b7 dead-lettered ${utc(d.deadLetteredAt)}\n> ${error}` },
    accessory: { type: 'button', action_id: ids.actions.jobsRetry, value: d.id, text: { type: 'plain_text', text: 'Retry' } },
  };
}

function retryAllBlock(n: number): KnownBlock {
  return {
    type: 'actions',
    elements: [
      {
        type: 'button',
        action_id: ids.actions.jobsRetryAll,
        style: 'primary',
        text: { type: 'plain_text', text: `Retry all ${n}` },
        confirm: {
          title: { type: 'plain_text', text: 'Retry every job?' },
          text: { type: 'mrkdwn', text: `Put all ${count(n, 'dead-lettered job')} back on their queues to run again?` },
          confirm: { type: 'plain_text', text: 'Retry all' },
          deny: { type: 'plain_text', text: 'Cancel' },
        },
      },
    ],
  };
}

/** `/calstack admin jobs`: each queue's counts, then the dead-lettered jobs with Retry. `note` says what a button just did. */
export function jobsAdminMessage(overview: JobsOverview, opts: { note?: string } = {}) {
  const { queues, deadLetters } = overview;
  const blocks: KnownBlock[] = [section(`*Background jobs*${opts.note ? `\n${opts.note}` : ''}`)];
  const lines = queues.map(
    (q) => `${queueName(q.queue)} ${q.queued} queued \u00b7 ${q.active} active \u00b7 ${q.failed} failed \u00b7 ${q.deadLettered} dead-lettered`,
  );
  blocks.push(...packLines(lines.length ? lines : ['No queues yet.'], { maxBlocks: QUEUE_BLOCKS, more: (n) => `\u2026and ${count(n, 'more queue')}` }));
  blocks.push({
    type: 'context',
    elements: [{ type: 'mrkdwn', text: 'Counts are for the whole deployment; queued, active and failed as the job engine last counted them (each minute). Failed jobs are kept a while after they were retried or dead-lettered.' }],
  });
  if (!deadLetters.length) {
    blocks.push(section('*Dead-lettered jobs:* none in this workspace. A job lands here when every retry failed.'));
  } else {
    blocks.push(section(`*Dead-lettered jobs* of this workspace, newest first (${deadLetters.length}):`));
    blocks.push(...deadLetters.slice(0, DEAD_LETTERS_SHOWN).map(deadLetterBlock));
    const older = deadLetters.length - DEAD_LETTERS_SHOWN;
    if (older > 0) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `\u2026and ${count(older, 'older one')}, not shown; *Retry all* takes them too.` }] });
    if (deadLetters.length > 1) blocks.push(retryAllBlock(deadLetters.length));
  }
  const text = `Background jobs: ${count(deadLetters.length, 'dead-lettered job')}`;
  return { response_type: 'ephemeral' as const, replace_original: false, text, blocks };
}

/** What a Retry did, for the top of the refreshed list. */
export const retriedNote = (queue: string) => `:arrows_counterclockwise: Put back on ${queueName(queue)}: it runs again shortly.`;
export const retriedAllNote = (n: number) => `:arrows_counterclockwise: Put ${count(n, 'job')} back on their queues: they run again shortly.`;
