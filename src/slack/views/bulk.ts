import type { Button, KnownBlock } from '@slack/types';
import { DateTime } from 'luxon';
import type { EventInput } from '../../core/calendars/ports.js';
import type { BulkItemView, BulkSnapshot } from '../../core/bulk/types.js';
import { esc, truncate } from '../mrkdwn.js';

/** The buttons on a bulk job's final message; the value is the job id. */
export const bulkActions = { retry: 'bulk_retry', cancel: 'bulk_cancel' } as const;

const MAX_BLOCKS = 50;
/** Failures first, so a long list that has to be cut never hides one. */
const ORDER: Record<BulkItemView['status'], number> = { failed: 0, pending: 1, done: 2 };
const SECTION_CHARS = 2900;

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

const titleOf = (s: BulkSnapshot) => `*${esc(truncate(s.job.input.title, 150))}*`;
const whenOf = (s: BulkSnapshot) => {
  const when = bulkWhen(s.job.input, s.job.input.timeZone);
  return when ? ` (${when})` : '';
};
const clients = (n: number) => `${n} client${n === 1 ? '' : 's'}`;

function itemLine(s: BulkSnapshot, item: BulkItemView): string {
  const name = `*${esc(truncate(item.clientName, 80))}*`;
  if (item.status === 'failed') {
    const what = s.mode === 'cancel' ? 'couldn\u2019t remove it: ' : '';
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
    const verb = s.mode === 'cancel' ? 'Cancelling' : 'Blocking';
    return `:hourglass_flowing_sand: ${verb} ${titleOf(s)}${whenOf(s)}: ${finished} of ${clients(s.total)} done${failed}`;
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
  if (s.mode === 'create' && s.items.some((i) => i.calendarId)) {
    buttons.push({
      type: 'button',
      action_id: bulkActions.cancel,
      value: s.job.id,
      style: 'danger',
      text: { type: 'plain_text', text: 'Cancel (remove all)' },
      confirm: {
        title: { type: 'plain_text', text: 'Remove these events?' },
        text: { type: 'mrkdwn', text: `Remove ${titleOf(s)} from every client\u2019s calendar it was added to?` },
        confirm: { type: 'plain_text', text: 'Remove' },
        deny: { type: 'plain_text', text: 'Keep' },
      },
    });
  }

  // Room for the headline and the buttons; a very long list ends with a count of the rest.
  const room = MAX_BLOCKS - 1 - (buttons.length ? 1 : 0);
  const sections: string[] = [];
  let chunk: string[] = [];
  let shown = 0;
  const items = [...s.items].sort((a, b) => ORDER[a.status] - ORDER[b.status]);
  for (const item of items) {
    const line = itemLine(s, item);
    if (chunk.length && [...chunk, line].join('\n').length > SECTION_CHARS) {
      if (sections.length === room - 1) break;
      sections.push(chunk.join('\n'));
      chunk = [];
    }
    chunk.push(line);
    shown++;
  }
  if (chunk.length) sections.push(chunk.join('\n'));
  if (shown < s.items.length) sections[sections.length - 1] += `\n\u2026and ${s.items.length - shown} more clients`;
  for (const text of sections) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: truncate(text, 3000) } });
  if (buttons.length) blocks.push({ type: 'actions', elements: buttons });
  return { text: plain(head), blocks };
}
