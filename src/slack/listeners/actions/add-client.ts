import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { SlackDeps } from '../../deps.js';
import type { FormDeps } from '../../forms/client-forms.js';
import { openNewClientForm } from '../../forms/client-forms.js';
import { actorOf, requestLog } from '../context.js';

export function addClientAction(deps: FormDeps & Pick<SlackDeps, 'log'>) {
  return async ({ ack, body, client, context }: AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockAction<ButtonAction>>) => {
    await ack();
    await openNewClientForm({ client, log: requestLog(context, deps), deps, actor: actorOf(body), triggerId: body.trigger_id });
  };
}
