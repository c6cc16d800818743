import type { Button, KnownBlock, ModalView } from '@slack/types';
import { DateTime } from 'luxon';
import type { EventInput } from '../../core/calendars/ports.js';
import type { BulkItemView, BulkJobSummary, BulkSnapshot } from '../../core/bulk/types.js';
import { ids } from '../forms/ids.js';
import { esc, truncate } from './mrkdwn.js';
import { count } from '../../shared/plural.js';
import { packLines } from './blocks.js';

/** The buttons on a bulk job's final message (Retry, Cancel) and on an agenda (Move, Cancel); the value is the job id. */
export const bulkActions = { retry: 'bulk_retry', cancel: 'bulk_cancel', move: 'bulk_move' } as const;

const MAX_BLOCKS = 50;
/** Failures first, so a long list that has to be cut never hides one. */
const ORDER: Record<BulkItemView['status'], number> = { failed: 0, pending: 1, done: 2 };

/** When the event is, in `zone`: "Thu 24 Dec – Sat 26 Dec, all day" or "Fri 18 Dec 15:00–16:00". */
export function bulkWhen(input: Pick<EventInput, 'start' | 'end' | 'timeZone'>, zone: string, opts: { showZone?: boolean } = {}): string {
  if (input.start.date) {
    const first = DateTime.fromISO(input.start.date);
    const last = DateTime.fromISO(input.end.date ?? input.start.date).minus({ days: 1 });
    const span = last > first ? `${first.toFormat('ccc d LLL')} \u2013 ${last.toFormat('ccc d LLL')}` : first.toFormat('ccc d LLL');
    return `${span}, all day`;
  }
  const start = DateTime.fromISO(input.start.dateTime ?? '', { zone });
  const end = DateTime.fromISO(input.end.dateTime ?? input.start.dateTime ?? '', { zone });
  if (!start.isValid || !end.isValid) return '';
  const range = start.hasSame(end, 'day')
    ? `${start.toFormat('ccc d LLL HH:mm')}\u2013${end.toFormat('HH:mm')}`
    : `${start.toFormat('ccc d LLL HH:mm')} \u2013 ${end.toFormat('ccc d LLL HH:mm')}`;
  return opts.showZone ? `${range} ${esc(zone)}` : range;
}

const title = (input: Pick<EventInput, 'title'>) => `*${esc(truncate(input.title, 150))}*`;
const titleOf = (s: BulkSnapshot) => title(s.job.input);
const whenOf = (s: BulkSnapshot) => {
  const when = bulkWhen(s.job.input, s.job.input.timeZone);
  return when ? ` (${when})` : '';
};
/** A move's headline names where the events go. */
const toWhenOf = (s: BulkSnapshot) => {
  const when = bulkWhen(s.job.input, s.job.input.timeZone);
  return when ? ` to ${when}` : '';
};
const clients = (n: number) => count(n, 'client');

/** Cancel, asking first: removes the job's events from every client. */
function cancelButton(jobId: string, input: Pick<EventInput, 'title'>, text: string): Button {
  return {
    type: 'button',
    action_id: bulkActions.cancel,
    value: jobId,
    style: 'danger',
    text: { type: 'plain_text', text },
    confirm: {
      title: { type: 'plain_text', text: 'Remove these events?' },
      text: { type: 'mrkdwn', text: `Remove ${title(input)} from every client\u2019s calendar it was added to?` },
      confirm: { type: 'plain_text', text: 'Remove' },
      deny: { type: 'plain_text', text: 'Keep' },
    },
  };
}

function itemLine(s: BulkSnapshot, item: BulkItemView): string {
  const name = `*${esc(truncate(item.clientName, 80))}*`;
  if (item.status === 'failed') {
    // In a move, a client whose event was never made keeps the reason it wasn't.
    const what = s.mode === 'cancel' ? 'couldn\u2019t remove it: ' : s.mode === 'move' && item.eventId ? 'couldn\u2019t move it: ' : '';
    return `:x: ${name} \u2014 ${what}${esc(truncate(item.error ?? 'failed', 300))}`;
  }
  if (item.status === 'pending') return `:hourglass_flowing_sand: ${name} \u2014 waiting`;
  if (s.mode === 'cancel') return `:wastebasket: ${name} \u2014 ${item.eventId ? 'removed' : 'nothing to remove'}`;
  return `:white_check_mark: ${name} \u2014 ${bulkWhen(s.job.input, item.clientTimeZone, { showZone: !s.job.input.start.date && item.clientTimeZone !== s.job.input.timeZone })}`;
}

function headline(s: BulkSnapshot): string {
  const finished = s.done + s.failed;
  const failed = s.failed ? ` (${s.failed} failed)` : '';
  if (!s.final) {
    if (s.mode === 'move') return `:hourglass_flowing_sand: Moving ${titleOf(s)}${toWhenOf(s)}: ${finished} of ${clients(s.total)} done${failed}`;
    const verb = s.mode === 'cancel' ? 'Cancelling' : 'Blocking';
    return `:hourglass_flowing_sand: ${verb} ${titleOf(s)}${whenOf(s)}: ${finished} of ${clients(s.total)} done${failed}`;
  }
  if (s.mode === 'move') {
    if (!s.failed) return `:white_check_mark: Moved ${titleOf(s)}${toWhenOf(s)} for all ${clients(s.total)}.`;
    if (!s.done) return `:x: Couldn\u2019t move ${titleOf(s)}${toWhenOf(s)} for any of the ${clients(s.total)}.`;
    return `:warning: Moved ${titleOf(s)}${toWhenOf(s)} for ${s.done} of ${clients(s.total)}; ${s.failed} failed.`;
  }
  if (s.mode === 'cancel') {
    if (!s.failed) return `:wastebasket: Cancelled ${titleOf(s)}${whenOf(s)}: removed for all ${clients(s.total)}.`;
    return `:warning: Cancelling ${titleOf(s)}${whenOf(s)}: done for ${s.done} of ${clients(s.total)}; ${s.failed} failed.`;
  }
  if (!s.failed) return `:white_check_mark: Blocked ${titleOf(s)}${whenOf(s)} for all ${clients(s.total)}.`;
  if (!s.done) return `:x: Couldn\u2019t block ${titleOf(s)}${whenOf(s)} for any of the ${clients(s.total)}.`;
  return `:warning: Blocked ${titleOf(s)}${whenOf(s)} for ${s.done} of ${clients(s.total)}; ${s.failed} failed.`;
}

/** Plain text for notifications: the headline without mrkdwn. */
const plain = (text: string) => text.replace(/:[a-z_]+: /g, '').replace(/\*/g, '');

/**
 * A bulk job's DM message. While it runs: what and how far ("3 of 5 clients done"). Once a run
 * ends: every client, done (with the time in its zone) or failed and why, then Retry when
 * something failed and Cancel while the events may exist.
 */
export function bulkMessage(s: BulkSnapshot): { text: string; blocks: KnownBlock[] } {
  const head = headline(s);
  const blocks: KnownBlock[] = [{ type: 'section', text: { type: 'mrkdwn', text: head } }];
  if (!s.final) return { text: plain(head), blocks };

  const buttons: Button[] = [];
  if (s.failed) {
    buttons.push({ type: 'button', action_id: bulkActions.retry, value: s.job.id, style: 'primary', text: { type: 'plain_text', text: `Retry ${clients(s.failed)}` } });
  }
  if (s.mode !== 'cancel' && s.items.some((i) => i.calendarId)) {
    buttons.push(cancelButton(s.job.id, s.job.input, 'Cancel (remove all)'));
  }

  // Room for the headline and the buttons; a very long list ends with a count of the rest.
  const room = MAX_BLOCKS - 1 - (buttons.length ? 1 : 0);
  const lines = [...s.items].sort((a, b) => ORDER[a.status] - ORDER[b.status]).map((item) => itemLine(s, item));
  blocks.push(...packLines(lines, { maxBlocks: room, more: (left) => `\u2026and ${count(left, 'more client')}` }));
  if (buttons.length) blocks.push({ type: 'actions', elements: buttons });
  return { text: plain(head), blocks };
}

/** Blocks an agenda ends with: per job of the viewer's shown there, what and for how many clients, then Move and Cancel. */
export function bulkAgendaBlocks(jobs: readonly BulkJobSummary[], zone: string): KnownBlock[] {
  return jobs.flatMap((job): KnownBlock[] => {
    const when = bulkWhen(job.input, zone);
    const status = job.cancelled ? ' \u00b7 _cancelled; not every event could be removed_' : '';
    const buttons: Button[] = job.cancelled
      ? [cancelButton(job.id, job.input, 'Remove the rest')]
      : [
          { type: 'button', action_id: bulkActions.move, value: job.id, text: { type: 'plain_text', text: 'Move' } },
          cancelButton(job.id, job.input, 'Cancel'),
        ];
    return [
      { type: 'section', text: { type: 'mrkdwn', text: `${title(job.input)} \u00b7 ${clients(job.clients)}${when ? ` \u00b7 ${when}` : ''}${status}` } },
      { type: 'actions', block_id: `${ids.blocks.bulkAgenda}:${job.id}`, elements: buttons },
    ];
  });
}

/** Move: one "New time" field, read like quick add in the viewer's zone. */
export function bulkMoveModal(job: BulkJobSummary, zone: string): ModalView {
  const allDay = Boolean(job.input.start.date);
  const when = bulkWhen(job.input, zone);
  return {
    type: 'modal',
    callback_id: ids.views.bulkMove,
    private_metadata: JSON.stringify({ jobId: job.id }),
    title: { type: 'plain_text', text: 'Move' },
    submit: { type: 'plain_text', text: 'Move' },
    close: { type: 'plain_text', text: 'Close' },
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `Move ${title(job.input)} for ${clients(job.clients)}.${when ? `\nNow: ${when}` : ''}` } },
      {
        type: 'input',
        block_id: ids.blocks.bulkMoveWhen,
        label: { type: 'plain_text', text: 'New time' },
        element: {
          type: 'plain_text_input',
          action_id: 'value',
          max_length: 200,
          placeholder: { type: 'plain_text', text: allDay ? 'Dec 26-28' : 'Dec 18 3-4pm' },
        },
        hint: {
          type: 'plain_text',
          text:
            `Read like quick add, in your time zone (${zone}): ` +
            (allDay
              ? 'a day or days (\u201cDec 26\u201d, \u201cDec 26-28\u201d), or a day and times to make it timed (\u201cDec 18 3-4pm\u201d). '
              : 'a day and times (\u201cDec 18 3-4pm\u201d, \u201cnext Tue 9am for 1h\u201d; 30 minutes without an end), or \u201cDec 26 all day\u201d. ') +
            'Every client\u2019s event moves; the progress comes by DM.',
        },
      },
    ],
  };
}
