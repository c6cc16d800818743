import type { KnownBlock, ModalView } from '@slack/types';
import { DateTime } from 'luxon';
import type { StackedEvent } from '../../core/stack/conflicts.js';
import type { GuestAvailability } from '../../core/stack/availability.js';
import type { FreeSlot } from '../../core/stack/free-slots.js';
import type { Unreadable } from '../../core/stack/service.js';
import { ids } from '../forms/ids.js';
import { esc } from './mrkdwn.js';

/** Block ids of the form's check: the line under the time, and the Find a time row. */
export const checkBlocks = { line: 'ev_check', note: 'ev_find_note', find: 'ev_find' } as const;

/** Conflicts listed by name before "and N more"; guests likewise. */
export const CONFLICTS_LISTED = 5;
export const GUESTS_LISTED = 10;
const LINE_MAX = 2000;

/** What the line under the time says. */
export type FormCheck =
  | { kind: 'idle' }
  | { kind: 'checking' }
  | { kind: 'failed'; reason: string }
  | { kind: 'checked'; overlaps: StackedEvent[]; unreadable: Unreadable[]; guests: GuestAvailability[] };

/** What the Find a time row shows. */
export type TimeChoices =
  | { kind: 'none' }
  | { kind: 'looking' }
  | { kind: 'failed'; reason: string }
  | { kind: 'found'; slots: FreeSlot[]; unknownGuests: string[]; unread: string[] };

const mrkdwn = (text: string) => ({ type: 'mrkdwn' as const, text });
const plain = (text: string) => ({ type: 'plain_text' as const, text, emoji: true });

/** "15:00–16:00" in `zone`, with the day when it is not the same one throughout. */
function between(start: DateTime, end: DateTime): string {
  return start.hasSame(end, 'day') ? `${start.toFormat('HH:mm')}\u2013${end.toFormat('HH:mm')}` : `${start.toFormat('ccc d LLL HH:mm')}\u2013${end.toFormat('ccc d LLL HH:mm')}`;
}

/** "Globex: Board call 15:00–16:00", times in the viewer's zone. */
export function overlapText(item: StackedEvent, zone: string): string {
  const start = DateTime.fromISO(item.event.start.dateTime ?? '', { zone });
  const end = DateTime.fromISO(item.event.end.dateTime ?? '', { zone });
  return `${esc(item.clientName)}: ${esc(item.event.title || '(no title)')} ${between(start, end)}`;
}

/** At most `max` named, then "and N more". */
function listed(items: string[], max: number): string {
  const more = items.length - max;
  return more > 0 ? `${items.slice(0, max).join(', ')} and ${more} more` : items.join(', ');
}

const GUEST_WORDS = { busy: 'busy', free: 'free', unknown: 'unknown' } as const;

/** The conflict line alone (quick add answers with it too); null when nothing overlaps. */
export function conflictLine(overlaps: StackedEvent[], zone: string): string | null {
  if (!overlaps.length) return null;
  return escLine(`:warning: Conflicts with ${listed(overlaps.map((o) => overlapText(o, zone)), CONFLICTS_LISTED)}`);
}

/** The check as mrkdwn lines. */
export function checkText(check: FormCheck, zone: string): string {
  switch (check.kind) {
    case 'idle':
      return 'Pick a start and an end to see conflicts and guests\u2019 free/busy.';
    case 'checking':
      return ':hourglass_flowing_sand: Checking conflicts and guests\u2019 free/busy\u2026';
    case 'failed':
      return `:grey_question: Couldn\u2019t check (${esc(check.reason)}).`;
    case 'checked': {
      const lines = [conflictLine(check.overlaps, zone) ?? ':white_check_mark: No conflicts with your clients\u2019 events.'];
      if (check.unreadable.length) lines.push(`Not checked: ${listed(check.unreadable.map((u) => `${esc(u.client.name)} (${esc(u.reason)})`), CONFLICTS_LISTED)}`);
      if (check.guests.length) lines.push(`Guests: ${listed(check.guests.map((g) => `${esc(g.email)} ${GUEST_WORDS[g.state]}`), GUESTS_LISTED)}`);
      return escLine(lines.join('\n'));
    }
  }
}

/** Already escaped; only cut to what a context element holds. */
function escLine(text: string): string {
  return text.length <= LINE_MAX ? text : `${text.slice(0, LINE_MAX - 1)}\u2026`;
}

/** "Thu 3 Dec 15:00–15:30" in `zone`. */
export function slotLabel(slot: FreeSlot, zone: string): string {
  const start = DateTime.fromMillis(slot.start, { zone });
  const end = DateTime.fromMillis(slot.end, { zone });
  return `${start.toFormat('ccc d LLL')} ${between(start, end)}`;
}

/** A slot button's value: its instants. */
export const slotValue = (slot: FreeSlot) => JSON.stringify({ s: slot.start, e: slot.end });

function choicesText(choices: TimeChoices): string | null {
  switch (choices.kind) {
    case 'none':
      return null;
    case 'looking':
      return ':hourglass_flowing_sand: Looking for times when everyone is free\u2026';
    case 'failed':
      return `:grey_question: Couldn\u2019t look for times (${esc(choices.reason)}).`;
    case 'found': {
      const notes: string[] = [];
      if (choices.unread.length) notes.push(`Couldn\u2019t read the client\u2019s calendar ${listed(choices.unread.map((n) => `\u201c${esc(n)}\u201d`), 3)}, so no time is offered.`);
      else if (!choices.slots.length) notes.push('No free time in working hours over the next two weeks.');
      else notes.push('Free for the client and every guest Google shows, in the client\u2019s working hours:');
      if (choices.unknownGuests.length) notes.push(`Not counted (Google won\u2019t show their calendars): ${listed(choices.unknownGuests.map(esc), GUESTS_LISTED)}`);
      return escLine(notes.join('\n'));
    }
  }
}

/** The line under the time. */
export function checkLineBlock(check: FormCheck, zone: string): KnownBlock {
  return { type: 'context', block_id: checkBlocks.line, elements: [mrkdwn(checkText(check, zone))] };
}

/** The Find a time row (and what it found), under the line. */
export function findRowBlocks(choices: TimeChoices, zone: string): KnownBlock[] {
  const note = choicesText(choices);
  const slots = choices.kind === 'found' ? choices.slots : [];
  return [
    ...(note ? [{ type: 'context' as const, block_id: checkBlocks.note, elements: [mrkdwn(note)] }] : []),
    {
      type: 'actions',
      block_id: checkBlocks.find,
      elements: [
        { type: 'button', action_id: ids.actions.findTime, text: plain('Find a time') },
        ...slots.map((slot, i) => ({ type: 'button' as const, action_id: `${ids.actions.pickTime}:${i}`, text: plain(slotLabel(slot, zone)), value: slotValue(slot) })),
      ],
    },
  ];
}

/** Both, as the form first shows them. */
export const checkSection = (check: FormCheck, choices: TimeChoices, zone: string): KnownBlock[] => [checkLineBlock(check, zone), ...findRowBlocks(choices, zone)];

/**
 * The open form with a new line under the time. Every input keeps its block_id and action_id,
 * so Slack keeps what the user has typed (views.update).
 */
export function withCheckLine(view: ModalView, check: FormCheck, zone: string): ModalView {
  const line = checkLineBlock(check, zone);
  return { ...view, blocks: (view.blocks as KnownBlock[]).map((b) => (b.block_id === checkBlocks.line ? line : b)) };
}

/** The open form with a new Find a time row, right under the line. */
export function withFindRow(view: ModalView, choices: TimeChoices, zone: string): ModalView {
  const rest = (view.blocks as KnownBlock[]).filter((b) => b.block_id !== checkBlocks.find && b.block_id !== checkBlocks.note);
  const at = rest.findIndex((b) => b.block_id === checkBlocks.line) + 1;
  return { ...view, blocks: [...rest.slice(0, at), ...findRowBlocks(choices, zone), ...rest.slice(at)] };
}

/** Only what views.update takes: a block_actions payload's view carries Slack's own fields (id, hash, state…). */
export function modalOf(view: { blocks: unknown[]; title: unknown; callback_id?: string; private_metadata?: string; submit?: unknown; close?: unknown }): ModalView {
  return {
    type: 'modal',
    blocks: view.blocks as KnownBlock[],
    title: view.title as ModalView['title'],
    ...(view.callback_id ? { callback_id: view.callback_id } : {}),
    ...(view.private_metadata ? { private_metadata: view.private_metadata } : {}),
    ...(view.submit ? { submit: view.submit as ModalView['submit'] } : {}),
    ...(view.close ? { close: view.close as ModalView['close'] } : {}),
  };
}
