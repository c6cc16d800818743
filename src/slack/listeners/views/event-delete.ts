import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { SlackDeps } from '../../deps.js';
import { parseMeta } from '../../views/meta.js';
import { postToResponseUrl } from '../../messaging/respond.js';
import { sendDm } from '../../messaging/notifier.js';
import { errorMessage } from '../../views/errors.js';
import { eventDeletedMessage } from '../../views/event-results.js';
import { actorOf, requestLog } from '../context.js';
import { logFailure } from '../../../shared/log-failure.js';
import { notifyChoice, scopeChoice } from '../../forms/event-values.js';
import { eventBlocks } from '../../views/event-modal.js';

export function eventDeleteSubmission(deps: Pick<SlackDeps, 'events' | 'log'>) {
  return async ({ ack, body, view, client, context }: AllMiddlewareArgs & SlackViewMiddlewareArgs<ViewSubmitAction>) => {
    await ack();
    const log = requestLog(context, deps);
    const actor = actorOf(body);
    const meta = parseMeta(view.private_metadata);
    const tell = (message: { text: string; blocks?: unknown[] }) =>
      meta.responseUrl ? postToResponseUrl(meta.responseUrl, message, log) : sendDm(client, actor.userId, message);
    try {
      const chosen = (block: string) => view.state.values[block]?.value?.selected_option?.value;
      const scope = scopeChoice(chosen(eventBlocks.scope));
      const { client: owner, event, undoId } = await deps.events.remove(actor, { clientId: meta.clientId ?? '', calendarId: meta.calendarId ?? '', eventId: meta.eventId ?? '', scope, notify: notifyChoice(chosen(eventBlocks.notify)) });
      await tell(eventDeletedMessage(owner, event, undoId, scope));
    } catch (err) {
      logFailure(log, err, 'deleting an event failed');
      await tell(errorMessage(err));
    }
  };
}
