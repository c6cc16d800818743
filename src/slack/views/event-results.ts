import type { KnownBlock } from '@slack/types';
import type { Client } from '../../core/clients/types.js';
import type { CalendarEvent } from '../../core/events/types.js';
import type { ModalView } from '@slack/types';
import { ids } from '../forms/ids.js';
import { esc } from './mrkdwn.js';
import { BUTTON_VALUE_MAX } from './blocks.js';
import { dayLabel, dayOf, timeRange } from './event-format.js';
import type { ModalMeta } from './meta.js';
import { confirmModal } from './confirm-modal.js';
import { notifyInput, scopeInput } from './event-modal.js';
import type { EditScope } from '../../core/events/service.js';

const when = (event: CalendarEvent, zone: string) => `${dayLabel(dayOf(event, zone))}, ${timeRange(event, zone)}`;

/** Days named in a split's warning; the rest are counted. */
const LEFT_BEHIND_SHOWN = 10;

/** A split's exceptions after the split point, which the new series does not have. */
function leftBehindNote(events: CalendarEvent[], zone: string): string {
  if (!events.length) return '';
  const days = events.slice(0, LEFT_BEHIND_SHOWN).map((e) => {
    const due = { ...e, start: e.originalStart ?? e.start };
    return `${dayLabel(dayOf(due, zone))} (${e.status === 'cancelled' ? 'cancelled' : 'changed'})`;
  });
  const more = events.length > LEFT_BEHIND_SHOWN ? ` and ${events.length - LEFT_BEHIND_SHOWN} more` : '';
  const count = events.length === 1 ? '1 occurrence' : `${events.length} occurrences`;
  return `\n:warning: ${count} from then on had been changed or cancelled on ${events.length === 1 ? 'its' : 'their'} own, and the new series does not carry that over: ${days.join(', ')}${more}. Check those days in Google Calendar.`;
}

/** After a create or an edit: what happened, and Edit / Undo / Open buttons. */
export function eventSavedMessage(verb: 'Created' | 'Saved' | 'Restored', client: Client, calendarId: string, event: CalendarEvent, zone: string, opts: { undo?: boolean; splitUndo?: string; leftBehind?: CalendarEvent[] } = {}) {
  const text = `:white_check_mark: ${verb} *${esc(event.title)}* for ${esc(client.name)} \u2014 ${when(event, zone)}${event.meetLink ? `\n:video_camera: ${event.meetLink}` : ''}${leftBehindNote(opts.leftBehind ?? [], zone)}`;
  const ref = JSON.stringify({ c: client.id, k: calendarId, e: event.id });
  const elements: Record<string, unknown>[] = [{ type: 'button', action_id: ids.actions.eventEdit, value: ref, text: { type: 'plain_text', text: 'Edit' } }];
  if (opts.undo) elements.push({ type: 'button', action_id: ids.actions.quickUndo, value: ref, text: { type: 'plain_text', text: 'Undo' } });
  // A split's Undo carries what it needs; a rule too long for a button gets none rather than a broken one.
  if (opts.splitUndo && opts.splitUndo.length <= BUTTON_VALUE_MAX) elements.push({ type: 'button', action_id: ids.actions.splitUndo, value: opts.splitUndo, text: { type: 'plain_text', text: 'Undo' } });
  if (event.htmlLink) elements.push({ type: 'button', action_id: ids.actions.authorizeLink, url: event.htmlLink, text: { type: 'plain_text', text: 'Open in Google Calendar' } });
  return {
    response_type: 'ephemeral' as const,
    replace_original: false,
    text,
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }, { type: 'actions', elements }] as KnownBlock[],
  };
}

const DELETED_WHAT: Record<EditScope, string> = { instance: '', following: ' from this occurrence on', series: ', every occurrence,' };

export function eventDeletedMessage(client: Client, event: CalendarEvent, undoId: string, scope: EditScope = 'instance') {
  const text = `:wastebasket: Deleted *${esc(event.title)}*${event.recurringEventId || event.recurrence ? DELETED_WHAT[scope] : ''} from ${esc(client.name)}\u2019s calendar.`;
  return {
    response_type: 'ephemeral' as const,
    replace_original: false,
    text,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text } },
      { type: 'actions', elements: [{ type: 'button', action_id: ids.actions.eventUndo, value: undoId, text: { type: 'plain_text', text: 'Undo' } }] },
    ] as KnownBlock[],
  };
}

export function deleteEventModal(client: Client, event: CalendarEvent, zone: string, meta: ModalMeta & { calendarId: string; eventId: string }): ModalView {
  const guests = event.attendees.some((a) => !a.self && !a.organizer);
  const modal = confirmModal({
    callbackId: ids.views.eventDelete,
    title: 'Delete event',
    submit: 'Delete',
    meta,
    text: `Delete *${esc(event.title)}* (${when(event, zone)}) from ${esc(client.name)}\u2019s calendar?`,
  });
  // An occurrence asks which ones go, as Google Calendar does; who hears of it (Undo later tells the same guests).
  const inputs = [...(event.recurringEventId ? [scopeInput('Delete')] : []), ...(guests ? [notifyInput()] : [])];
  return inputs.length ? { ...modal, blocks: [...modal.blocks, ...inputs] } : modal;
}
