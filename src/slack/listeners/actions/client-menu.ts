import type { AllMiddlewareArgs, BlockAction, OverflowAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { SlackDeps } from '../../deps.js';
import { parseClientMenuValue } from '../../ids.js';
import { openEditClientForm, openRemoveClientForm } from '../../client-forms.js';
import { actorOf, requestLog } from '../context.js';

/** Edit / Remove from a client's overflow menu, in a message or on the Home tab. */
export function clientMenuAction(deps: SlackDeps) {
  return async ({ ack, body, action, client, context }: AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockAction<OverflowAction>>) => {
    await ack();
    const log = requestLog(context, deps);
    const choice = parseClientMenuValue(action.selected_option.value);
    if (!choice) {
      log.warn({ value: action.selected_option.value }, 'unknown client menu choice');
      return;
    }
    const req = {
      client,
      log,
      deps,
      actor: actorOf(body),
      triggerId: body.trigger_id,
      responseUrl: body.response_url,
    };
    if (choice.verb === 'edit') await openEditClientForm(req, { id: choice.clientId });
    else if (choice.verb === 'remove') await openRemoveClientForm(req, { id: choice.clientId });
  };
}
