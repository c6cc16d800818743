import type { ConnectedApp } from '../harness/connected.js';
import type { Actor } from '../harness/slack-requests.js';
import type { CalendarEvent } from '../fakes/google.js';
import type { SentView } from '../fakes/slack.js';
import { nextModal } from '../harness/modals.js';
import { chooseFromMenu } from './helpers.js';
import { blocksOf, buttonById } from '../slack/sent-blocks.js';

/**
 * view.state.values exactly as the modal showed them (what Slack sends when the user touches
 * nothing), with `changes` applied on top: { blockId: element state }.
 */
export function stateAsShown(view: unknown, changes: Record<string, unknown> = {}) {
  const values: Record<string, Record<string, unknown>> = {};
  for (const block of blocksOf(view)) {
    if (block.type !== 'input') continue;
    const e = block.element;
    let state: Record<string, unknown>;
    if (e.type === 'plain_text_input') state = { type: e.type, value: e.initial_value ?? null };
    else if (e.type === 'datepicker') state = { type: e.type, selected_date: e.initial_date ?? null };
    else if (e.type === 'timepicker') state = { type: e.type, selected_time: e.initial_time ?? null };
    else if (e.type === 'checkboxes') state = { type: e.type, selected_options: e.initial_options ?? [] };
    else if (e.type === 'multi_users_select') state = { type: e.type, selected_users: e.initial_users ?? [] };
    else state = { type: e.type, selected_option: ('initial_option' in e ? e.initial_option : undefined) ?? null };
    values[block.block_id!] = { [e.action_id!]: { ...state, ...(changes[block.block_id!] ?? {}) } };
  }
  return { values };
}

export const pick = (value: string) => ({ selected_option: { value, text: { type: 'plain_text', text: value } } });
export const typed = (value: string | null) => ({ value });

/** Opens the edit form of `eventId` from an events list menu, as the operator would. */
export async function openEditForm(t: ConnectedApp<string>, actor: Actor, clientId: string, calendarId: string, eventId: string) {
  const since = t.slack.calls.length;
  const responseUrl = t.slack.responseUrl();
  await chooseFromMenu(t, actor, `ev|0|${clientId}|${calendarId}`, `edit:${eventId}`, responseUrl);
  return { view: await nextModal(t, since, 'event_modal'), responseUrl };
}

/** Submits the edit form with `changes` and waits for the app's answer. */
export async function saveEditForm(t: ConnectedApp<string>, actor: Actor, form: { view: SentView; responseUrl: string }, changes: Record<string, unknown>) {
  const res = await t.requests.viewSubmission(actor, { id: 'VEDIT', callback_id: 'event_modal', private_metadata: form.view.private_metadata, state: stateAsShown(form.view, changes) });
  if (res.json?.response_action === 'errors') throw new Error(`form refused: ${JSON.stringify(res.json.errors)}`);
  return (await t.slack.waitForResponse((r) => r.url === form.responseUrl)).body;
}

/** Deletes from an events list menu, `changes` applied to the confirmation's inputs (see stateAsShown). */
export async function deleteFromMenu(t: ConnectedApp<string>, actor: Actor, clientId: string, calendarId: string, eventId: string, changes: Record<string, unknown> = {}) {
  const since = t.slack.calls.length;
  const url = t.slack.responseUrl();
  await chooseFromMenu(t, actor, `ev|0|${clientId}|${calendarId}`, `delete:${eventId}`, url);
  const confirm = await nextModal(t, since, 'event_delete');
  await t.requests.viewSubmission(actor, { id: `VDEL${eventId}`, callback_id: 'event_delete', private_metadata: confirm.private_metadata, state: stateAsShown(confirm, changes) });
  return { confirm, answer: (await t.slack.waitForResponse((r) => r.url === url)).body };
}

/** Presses Undo on a "Deleted" message and returns the answer. */
export async function pressUndo(t: ConnectedApp<string>, actor: Actor, deleted: unknown) {
  const url = t.slack.responseUrl();
  const button = buttonById(deleted, 'event_undo');
  await t.requests.blockAction(actor, { type: 'button', action_id: 'event_undo', value: button.value }, { response_url: url });
  return (await t.slack.waitForResponse((r) => r.url === url)).body;
}

/** Presses Undo on the Saved message of a "this and following" edit made through `form`, and returns the answer. */
export async function pressSplitUndo(t: ConnectedApp<string>, actor: Actor, form: { responseUrl: string }) {
  const saved = t.slack.responses.filter((r) => r.url === form.responseUrl).at(-1)!.body;
  const undo = buttonById(saved, 'event_split_undo');
  const url = t.slack.responseUrl();
  await t.requests.blockAction(actor, { type: 'button', action_id: 'event_split_undo', value: undo.value }, { response_url: url });
  return (await t.slack.waitForResponse((r) => r.url === url)).body;
}

/** The fields of an event that say what it is (server bookkeeping left out). */
export function content(event: CalendarEvent | undefined): Record<string, unknown> {
  const { etag, updated, sequence, ...rest } = structuredClone(event ?? {}) as Record<string, unknown>;
  void etag; void updated; void sequence;
  return rest;
}

/** JSON with object keys sorted, so two equal values always print the same. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_, v) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v));
}

/** Top-level fields whose content differs between two versions of an event. */
export function changedKeys(before: CalendarEvent | undefined, after: CalendarEvent | undefined): string[] {
  const a = content(before);
  const b = content(after);
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => canonical(a[k]) !== canonical(b[k])).sort();
}
