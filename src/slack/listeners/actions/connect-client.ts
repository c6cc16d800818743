import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { SlackDeps } from '../../deps.js';
import type { FormDeps } from '../../forms/client-forms.js';
import { sendConnectLink, type FormRequest } from '../../forms/client-forms.js';
import { UserFacingError } from '../../../core/errors.js';
import { sendDm } from '../../messaging/notifier.js';
import { errorMessage } from '../../views/errors.js';
import { actorOf, requestLog } from '../context.js';
import { logFailure } from '../../../shared/log-failure.js';

/** Sends the authorization link by DM; a problem is told by DM too (buttons may have no response_url). */
export async function connectAndTell(req: Omit<FormRequest, 'triggerId'>, pick: { id: string }): Promise<void> {
  try {
    await sendConnectLink(req, pick);
  } catch (err) {
    if (!(err instanceof UserFacingError)) throw err;
    logFailure(req.log, err, 'connect link refused');
    await sendDm(req.client, req.actor.userId, errorMessage(err));
  }
}

/** The Reconnect button in the "needs reconnect" DM. */
export function connectClientAction(deps: FormDeps & Pick<SlackDeps, 'log'>) {
  return async ({ ack, body, action, client, context }: AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockAction<ButtonAction>>) => {
    await ack();
    await connectAndTell({ client, log: requestLog(context, deps), deps, actor: actorOf(body) }, { id: action.value ?? '' });
  };
}

/** Link buttons also notify the app; there is nothing to do but acknowledge. */
export async function linkButtonAction({ ack }: AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockAction<ButtonAction>>) {
  await ack();
}
