import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { SlackDeps } from '../../deps.js';
import { openThenFill } from '../../messaging/modals.js';
import { importModalFor } from '../../forms/import-modal.js';
import { actorOf, requestLog } from '../context.js';

type Deps = Pick<SlackDeps, 'clients' | 'imports' | 'importSampleUrl' | 'log'>;

/** *Import events* on the Home tab: the same modal as `/calstack import`, for the default client or a choice. */
export function homeImportAction(deps: Deps) {
  return async ({ ack, body, client, context }: AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockAction<ButtonAction>>) => {
    await ack();
    await openThenFill(client, requestLog(context, deps), body.trigger_id, 'Import events', () => importModalFor(deps, actorOf(body), {}));
  };
}
