import type { SentView } from '../fakes/slack.js';
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
