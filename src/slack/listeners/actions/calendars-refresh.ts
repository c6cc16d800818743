import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { SlackDeps } from '../../deps.js';
import { UserFacingError } from '../../../core/errors.js';
import { calendarsMessage } from '../../views/calendars.js';
import { errorMessage } from '../../views/errors.js';
import { actorOf } from '../context.js';
import { logFailure } from '../../../shared/log-failure.js';

/** Refresh on a calendar list: asks Google again, bypassing the cache, and replaces the message. */
export function calendarsRefreshAction(deps: Pick<SlackDeps, 'calendars' | 'log'>) {
  return async ({ ack, body, action, respond }: AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockAction<ButtonAction>>) => {
    await ack();
    try {
      const { client, calendars } = await deps.calendars.calendars(actorOf(body), action.value ?? '', { refresh: true });
      await respond({ ...calendarsMessage(client, calendars), replace_original: true });
    } catch (err) {
      if (!(err instanceof UserFacingError)) throw err;
      logFailure(deps.log, err, 'calendar refresh refused');
      await respond(errorMessage(err));
    }
  };
}
