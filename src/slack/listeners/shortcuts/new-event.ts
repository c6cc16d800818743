import type { AllMiddlewareArgs, GlobalShortcut, SlackShortcutMiddlewareArgs } from '@slack/bolt';
import { sendDm } from '../../messaging/notifier.js';
import { actorOf, requestLog } from '../context.js';
import { defaultAmong, formRequestOf, openShortcutForm, type ShortcutDeps } from './event-form.js';

/** "New event" from the search bar or the + menu: the empty form for the default client. */
export function newEventShortcut(deps: ShortcutDeps) {
  return async ({ ack, shortcut, client, context }: AllMiddlewareArgs & SlackShortcutMiddlewareArgs<GlobalShortcut>) => {
    await ack();
    const actor = actorOf(shortcut);
    const log = requestLog(context, deps);
    // A global shortcut has no response_url: notes and the saved event's confirmation come by DM.
    await openShortcutForm(formRequestOf(deps, client, log, actor, shortcut.trigger_id), (message) => sendDm(client, actor.userId, message), async (clients) => {
      const chosen = await defaultAmong(deps, actor, clients);
      return chosen ? { clientId: chosen.id } : {};
    });
  };
}
