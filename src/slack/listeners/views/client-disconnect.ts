import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { SlackDeps } from '../../deps.js';
import { postToResponseUrl } from '../../messaging/respond.js';
import { esc } from '../../views/mrkdwn.js';
import { errorModal } from '../../views/loading.js';
import { wordingOf } from '../../views/error-text.js';
import { parseMeta } from '../../views/meta.js';
import { actorOf, requestLog } from '../context.js';

export function clientDisconnectSubmission(deps: Pick<SlackDeps, 'clients' | 'connections' | 'home' | 'log'>) {
  return async ({ ack, body, view, context }: AllMiddlewareArgs & SlackViewMiddlewareArgs<ViewSubmitAction>) => {
    const log = requestLog(context, deps);
    const actor = actorOf(body);
    const meta = parseMeta(view.private_metadata);
    // Revoking calls Google, which may be slow: close the modal first.
    let result;
    try {
      await deps.clients.get(actor, meta.clientId ?? '');
    } catch (err) {
      const worded = wordingOf(err);
      if (!worded) throw err;
      await ack({ response_action: 'update', view: errorModal('Disconnect Google', worded.message, worded.hint) });
      return;
    }
    await ack();
    try {
      result = await deps.connections.disconnect(actor, meta.clientId ?? '');
    } catch (err) {
      const worded = wordingOf(err);
      if (!worded) throw err;
      await postToResponseUrl(meta.responseUrl, { text: `:warning: ${esc(worded.message)}` }, log);
      return;
    }
    const note = {
      revoked: 'Access was revoked at Google; the stored tokens are deleted.',
      already_invalid: 'Google had already revoked access; the stored tokens are deleted.',
      pending:
        'The stored tokens are deleted, but Google did not confirm the revocation; we will retry. To be sure now, the account\u2019s owner can remove Calendar Stacker at <https://myaccount.google.com/permissions|myaccount.google.com/permissions>.',
    }[result.revocation];
    await Promise.all([
      postToResponseUrl(meta.responseUrl, { text: `:electric_plug: Disconnected *${esc(result.client.name)}* from Google. ${note}` }, log),
      deps.home.refresh(actor.teamId, actor.userId),
    ]);
  };
}
