import type { KnownBlock } from '@slack/types';
import { DateTime } from 'luxon';
import type { AgendaDay, AgendaItem, StackedEvent } from '../../core/stack/agenda.js';
import type { Conflict } from '../../core/stack/conflicts.js';
import type { Unreadable } from '../../core/stack/service.js';
import type { FreeSlot } from '../../core/stack/free-slots.js';
import type { Client } from '../../core/clients/types.js';
import { AGENDA_JOBS, type BulkJobSummary } from '../../core/bulk/types.js';
import { ids } from '../forms/ids.js';
import { bulkAgendaBlocks } from './bulk.js';
import { esc } from './mrkdwn.js';
import { encodeSelection } from '../forms/client-selection.js';
import { packLines, section } from './blocks.js';
import { count } from '../../shared/plural.js';
import { dayLabel } from './event-format.js';
import { clockTime } from '../../shared/clock-time.js';

const MAX_BLOCKS = 50;

function itemLine(item: AgendaItem, zone: string): string {
  const when = item.allDay
    ? 'All day'
    : `${clockTime(Math.max(item.startsAt, 0), zone)}\u2013${clockTime(item.endsAt, zone)}`;
  const conflict = item.conflictsWith.length ? ' :warning: _conflict_' : '';
  const cont = item.continued ? ' _(continued)_' : '';
  return `\u2022 \`${when}\` *${esc(item.clientName)}* \u00b7 ${esc(item.event.title || '(no title)')}${cont}${conflict}`;
}

/** For the notification text: an answer missing clients must not read as complete. */
const unreadableNote = (unreadable: Unreadable[]) =>
  unreadable.length ? ` (${count(unreadable.length, 'client')} could not be read)` : '';

/** "Nothing" only means nothing for the clients that were read. */
const nothing = (what: string, unreadable: Unreadable[], cheer = '') =>
  section(unreadable.length ? `_${what} for the clients that could be read; the others are listed below._` : `_${what}._${cheer}`);

function unreadableBlock(unreadable: Unreadable[]): KnownBlock[] {
  if (!unreadable.length) return [];
  const lines = unreadable.map((u) => `\u2022 *${esc(u.client.name)}* \u2014 ${esc(u.reason)}`);
  return [section(`:warning: *Not shown* (could not be read):\n${lines.join('\n')}`)];
}

/**
 * The stacked agenda by day. `jobs` are the viewer's bulk jobs that made events shown here; the
 * message ends with Move and Cancel for each (at most five), always within Slack's 50 blocks.
 */
export function agendaMessage(data: { days: AgendaDay[]; unreadable: Unreadable[]; clients: Client[]; label: string; zone: string; jobs?: readonly BulkJobSummary[] }) {
  const events = data.days.reduce((n, d) => n + d.items.length, 0);
  const conflicts = data.days.reduce((n, d) => n + d.items.filter((i) => i.conflictsWith.length).length, 0);
  const head = section(
    `*Stacked agenda* \u00b7 ${esc(data.label)} \u00b7 ${count(data.clients.length, 'client')} \u00b7 ${count(events, 'event')}` +
      `${conflicts ? ` \u00b7 :warning: ${conflicts} in conflict` : ''}\n_Times in ${esc(data.zone)}_`,
  );
  const tail = [...unreadableBlock(data.unreadable), ...bulkAgendaBlocks((data.jobs ?? []).slice(0, AGENDA_JOBS), data.zone)];
  const blocks: KnownBlock[] = [head];
  let hidden = 0;
  for (const day of data.days) {
    const dayBlocks: KnownBlock[] = [
      { type: 'context', elements: [{ type: 'mrkdwn', text: `*${dayLabel(day.date)}*` }] },
      ...packLines(day.items.map((i) => itemLine(i, data.zone))),
    ];
    if (blocks.length + dayBlocks.length + tail.length + 1 > MAX_BLOCKS) {
      hidden++;
      continue;
    }
    blocks.push(...dayBlocks);
  }
  if (!data.days.length) blocks.push(nothing('Nothing scheduled in this range', data.unreadable));
  if (hidden) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `${count(hidden, 'more day', 'more days')} not shown: ask for a shorter range.` }] });
  blocks.push(...tail);
  return { response_type: 'ephemeral' as const, replace_original: false, text: `Stacked agenda: ${count(events, 'event')} ${data.label}${unreadableNote(data.unreadable)}`, blocks };
}

export function conflictsMessage(data: { conflicts: Conflict<StackedEvent>[]; unreadable: Unreadable[]; label: string; zone: string }) {
  const fmt = (ms: number) => DateTime.fromMillis(ms, { zone: data.zone });
  const lines = data.conflicts.map((c) => {
    const from = fmt(c.overlapStart);
    return `\u2022 *${from.toFormat('ccc d LLL')}* \`${from.toFormat('HH:mm')}\u2013${fmt(c.overlapEnd).toFormat('HH:mm')}\` *${esc(c.a.clientName)}* \u00b7 ${esc(c.a.event.title)} \u27f7 *${esc(c.b.clientName)}* \u00b7 ${esc(c.b.event.title)}`;
  });
  const blocks: KnownBlock[] = [
    section(`*Conflicts* \u00b7 ${esc(data.label)} \u00b7 ${data.conflicts.length} found\n_Times in ${esc(data.zone)}_`),
    ...(lines.length ? packLines(lines, { maxBlocks: 45 }) : [nothing('No overlapping events', data.unreadable, ' :tada:')]),
    ...unreadableBlock(data.unreadable),
  ];
  return { response_type: 'ephemeral' as const, replace_original: false, text: `${count(data.conflicts.length, 'conflict')} ${data.label}${unreadableNote(data.unreadable)}`, blocks };
}

/** What a Book button carries: the slot, the client the form opens for, and every client of it (see client-selection). */
export interface BookValue {
  s: number;
  e: number;
  f: string;
  c: string;
}

export function freeMessage(data: { slots: FreeSlot[]; unreadable: Unreadable[]; clients: Client[]; visibleClientIds: string[]; label: string; zone: string; minMinutes: number }) {
  const fmt = (ms: number) => DateTime.fromMillis(ms, { zone: data.zone });
  const names = data.clients.map((c) => esc(c.name)).join(', ');
  const blocks: KnownBlock[] = [
    section(`*Free for ${data.minMinutes} min or more* \u00b7 ${names || 'no connected clients'} \u00b7 ${esc(data.label)}\n_Within each client\u2019s working hours; times in ${esc(data.zone)}_`),
  ];
  const first = data.clients[0];
  const selection = encodeSelection(data.clients.map((c) => c.id), data.visibleClientIds);
  // The Book buttons open the form for the first client, with the others invited.
  if (first) for (const slot of data.slots.slice(0, 20)) {
    const from = fmt(slot.start);
    const value: BookValue = { s: slot.start, e: Math.min(slot.end, slot.start + data.minMinutes * 60_000), f: first.id, c: selection };
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: `*${from.toFormat('cccc d LLL')}* \`${from.toFormat('HH:mm')}\u2013${fmt(slot.end).toFormat('HH:mm')}\`` },
      accessory: { type: 'button', action_id: ids.actions.freeBook, text: { type: 'plain_text', text: 'Book' }, value: JSON.stringify(value) },
    });
  }
  if (!data.slots.length) {
    // A client we could not read may be busy at any time: no slot is not "no common free time".
    blocks.push(
      data.unreadable.length
        ? section(data.clients.length ? '_No common free time among the clients I could read._ The others below may be free or busy: fix them, then ask again.' : '_I couldn\u2019t read any of these calendars, so I can\u2019t say when everyone is free._')
        : section('_No common free time in this range._ Try a longer range or a shorter duration.'),
    );
  } else if (data.unreadable.length) {
    blocks.push(section(':warning: _These times leave out the clients below, whose calendars could not be read._'));
  }
  blocks.push(...unreadableBlock(data.unreadable));
  return { response_type: 'ephemeral' as const, replace_original: false, text: `${data.slots.length} free slots`, blocks };
}
