import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { SlackDeps } from '../../deps.js';
import { postToResponseUrl } from '../../messaging/respond.js';
import { esc } from '../../views/mrkdwn.js';
import { errorModal } from '../../views/loading.js';
import { wordingOf } from '../../views/error-text.js';
import { actorOf, requestLog } from '../context.js';
import { parseMeta } from '../../views/meta.js';

export function clientRemoveSubmission(deps: Pick<SlackDeps, 'connections' | 'home' | 'log'>) {
  return async ({ ack, body, view, context }: AllMiddlewareArgs & SlackViewMiddlewareArgs<ViewSubmitAction>) => {
    const log = requestLog(context, deps);
    const actor = actorOf(body);
    const meta = parseMeta(view.private_metadata);
    try {
      const removed = await deps.connections.removeClient(actor, meta.clientId ?? '');
      await ack();
      log.info({ clientId: removed.id }, 'client removed');
      await Promise.all([
        // Its Google grant, if any, is revoked now rather than at the next background pass.
        deps.connections.retryRevocations().catch((err: unknown) => log.warn({ err }, 'could not revoke the removed client\u2019s Google grant yet; will retry')),
        postToResponseUrl(meta.responseUrl, { text: `:wastebasket: Removed *${esc(removed.name)}*.` }, log),
        deps.home.refresh(actor.teamId, actor.userId),
      ]);
    } catch (err) {
      const worded = wordingOf(err);
      if (!worded) throw err;
      await ack({ response_action: 'update', view: errorModal('Remove client', worded.message, worded.hint) });
    }
  };
}
