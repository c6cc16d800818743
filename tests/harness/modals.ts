import type { TestApp } from './app.js';

/** Waits for the modal that replaced the loading view (views.update) after `since` calls. */
export async function nextModal(t: TestApp, since: number, callbackId?: string): Promise<any> {
  const call = await t.slack.waitForCall(
    'views.update',
    (c) => t.slack.calls.indexOf(c) >= since && (!callbackId || (c.args.view as any)?.callback_id === callbackId),
  );
  return call.args.view;
}
