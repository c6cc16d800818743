import type { AllMiddlewareArgs, BlockAction, OverflowAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { SlackDeps } from '../../deps.js';
import type { FormDeps } from '../../forms/client-forms.js';
import { parseClientMenuValue } from '../../forms/ids.js';
import { openDisconnectForm, openEditClientForm, openGoogleSettingsForm, openRemoveClientForm } from '../../forms/client-forms.js';
import { connectAndTell } from './connect-client.js';
import { toggleFeedAndTell } from './feed-toggle.js';
import { actorOf, requestLog } from '../context.js';

/** Edit, Connect, Change feed, Remove… from a client's overflow menu, in a message or on the Home tab. */
export function clientMenuAction(deps: FormDeps & Pick<SlackDeps, 'log' | 'feed'>) {
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
    const pick = { id: choice.clientId };
    switch (choice.verb) {
      case 'edit':
        return openEditClientForm(req, pick);
      case 'remove':
        return openRemoveClientForm(req, pick);
      case 'google':
        return openGoogleSettingsForm(req, pick);
      case 'disconnect':
        return openDisconnectForm(req, pick);
      case 'connect':
        return connectAndTell(req, pick);
      case 'feed':
        return toggleFeedAndTell({ ...req, deps }, pick);
    }
  };
}
