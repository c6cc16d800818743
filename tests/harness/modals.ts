import type { SentView, StoredView } from '../fakes/slack.js';
import type { Actor } from './slack-requests.js';
import { callbackIdOf } from '../slack/sent-blocks.js';
import type { TestApp } from './app.js';

/** Waits for the modal that replaced the loading view (views.update) after `since` calls. */
export async function nextModal(t: TestApp, since: number, callbackId?: string): Promise<SentView> {
  const call = await t.slack.waitForCall(
    'views.update',
    (c) => t.slack.calls.indexOf(c) >= since && (!callbackId || callbackIdOf(c.args.view) === callbackId),
  );
  // The view argument of the app's views.update, as the WebClient sent it.
  return call.args.view as SentView;
}

/** The views.update that opened (filled in) a modal after `since` calls: its view_id, for what a person then does in it. */
export async function openedModalId(t: TestApp, since: number, callbackId: string): Promise<string> {
  const call = await t.slack.waitForCall('views.update', (c) => t.slack.calls.indexOf(c) >= since && callbackIdOf(c.args.view) === callbackId);
  const id = call.args.view_id;
  if (typeof id !== 'string') throw new Error('views.update without a view_id');
  return id;
}

/** A person uses an element of an open modal: Slack's block_actions with the view as it now is (state, hash). */
export function actInModal(t: TestApp, actor: Actor, viewId: string, action: Record<string, unknown>) {
  const view = t.slack.views.get(viewId);
  if (!view) throw new Error(`no view ${viewId}`);
  return t.requests.blockAction(actor, action, { view: structuredClone(view), container: { type: 'view', view_id: viewId } });
}

/** What each input of an open modal shows now: what the person entered (kept by Slack), by block_id. */
export function shownValues(view: StoredView): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [blockId, byAction] of Object.entries(view.state.values)) {
    const state = Object.values(byAction)[0] as Record<string, unknown> | undefined;
    if (!state) continue;
    const option = (o: unknown) => (o as { value?: string } | null)?.value ?? null;
    out[blockId] =
      'selected_date' in state ? state.selected_date
      : 'selected_time' in state ? state.selected_time
      : 'value' in state ? state.value
      : 'selected_option' in state ? option(state.selected_option)
      : 'selected_options' in state ? (state.selected_options as unknown[]).map(option)
      : 'selected_users' in state ? state.selected_users
      : null;
  }
  return out;
}
