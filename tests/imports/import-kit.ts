// Importing a file the way a person does it in Slack: the modal (a file picked in its file_input,
// submitted) or a file shared in the app's DM; and what the app then shows in the DM.
import { expect } from 'vitest';
import type { ConnectedApp } from '../harness/connected.js';
import type { Actor } from '../harness/slack-requests.js';
import { openedModalId } from '../harness/modals.js';
import type { FakeSlackFile, SlackCall } from '../fakes/slack.js';

export const ACME_EMAIL = 'ceo@acme.com';

/** The import DM's messages after `since`: the one posted, then each update of it. */
export function importMessages(t: ConnectedApp, since: number): SlackCall[] {
  return t.slack.calls.filter((c, i) => i >= since && (c.method === 'chat.postMessage' || c.method === 'chat.update'));
}

/** Uploads `content` to Slack as `name`, as `actor`. */
export const upload = (t: ConnectedApp, actor: Actor, name: string, content: string): FakeSlackFile => t.slack.shareFile({ name, content, user: actor.userId });

/** `/calstack import <args>`, the file picked in the modal, the modal submitted; the ack of the submission. */
export async function importThroughModal(t: ConnectedApp, actor: Actor, args: string, file: FakeSlackFile, choices: { duplicates?: 'skip' | 'update' } = {}) {
  const since = t.slack.calls.length;
  expect((await t.requests.command(`import ${args}`, actor)).status).toBe(200);
  const viewId = await openedModalId(t, since, 'import_modal');
  t.slack.enterValues(viewId, { import_file: { import_file: { type: 'file_input', files: [file] } } });
  if (choices.duplicates) {
    t.slack.enterValues(viewId, { import_duplicates: { import_duplicates: { type: 'radio_buttons', selected_option: { value: choices.duplicates, text: { type: 'plain_text', text: choices.duplicates } } } } });
  }
  const view = t.slack.views.get(viewId);
  if (!view) throw new Error('the import modal is gone');
  return t.requests.viewSubmission(actor, { id: viewId, callback_id: view.callback_id, private_metadata: view.private_metadata, state: view.state });
}

/** The final report of the import whose DM messages start after `since`. */
export async function finalReport(t: ConnectedApp, since: number, timeoutMs?: number): Promise<SlackCall> {
  const isReport = (c: SlackCall) => t.slack.calls.indexOf(c) >= since && /^(Imported|The import of|Import of|.* was not imported)/.test(String(c.args.text));
  // The first word of a run is a new message; a report that is not the first updates it.
  return Promise.any([t.slack.waitForCall('chat.update', isReport, timeoutMs), t.slack.waitForCall('chat.postMessage', isReport, timeoutMs)]);
}

/** Live (not cancelled) events of Acme's primary calendar, by title. */
export const acmeEvents = (t: ConnectedApp) => t.google.events(ACME_EMAIL).filter((e) => e.status !== 'cancelled');

/** Writes to Acme's calendar that reached Google (inserts and patches). */
export const acmeWrites = (t: ConnectedApp) => t.google.requests.filter((r) => r.method !== 'GET' && r.path.includes(`/calendars/${ACME_EMAIL}/events`)).length;
