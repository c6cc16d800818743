import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs, StaticSelectAction } from '@slack/bolt';
import type { SlackDeps } from '../../deps.js';
import { importModalFor } from '../../forms/import-modal.js';
import { actorOf, requestLog } from '../context.js';
import { logFailure } from '../../../shared/log-failure.js';

type Deps = Pick<SlackDeps, 'clients' | 'imports' | 'importSampleUrl' | 'log'>;

/**
 * A client chosen in the modal: the modal again for that client, with its calendars to choose
 * from. Inputs keep their block and action ids, so Slack keeps what was already entered; `hash`
 * drops the update if the modal changed meanwhile.
 */
export function importClientChosen(deps: Deps) {
  return async ({ ack, body, action, client, context }: AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockAction<StaticSelectAction>>) => {
    await ack();
    const id = action.selected_option?.value;
    if (!body.view || !id) return;
    const log = requestLog(context, deps);
    try {
      const view = await importModalFor(deps, actorOf(body), { id });
      await client.views.update({ view_id: body.view.id, hash: body.view.hash, view });
    } catch (err) {
      // The choice stays on the field; submitting says what is wrong (or imports into the primary calendar).
      logFailure(log, err, 'could not show the chosen client\u2019s calendars');
    }
  };
}
