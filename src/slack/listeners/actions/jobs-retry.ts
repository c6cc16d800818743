import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { SlackDeps } from '../../deps.js';
import { UserFacingError } from '../../../core/errors.js';
import { errorMessage } from '../../views/errors.js';
import { jobsAdminMessage, retriedAllNote, retriedNote } from '../../views/jobs-admin.js';
import { actorOf, requestLog } from '../context.js';
import { logFailure } from '../../../shared/log-failure.js';

type ButtonArgs = AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockAction<ButtonAction>>;

/** Retry (one dead-lettered job) and Retry all in `/calstack admin jobs`: redrives, then shows the list again. */
export function jobsRetryAction(deps: Pick<SlackDeps, 'jobs' | 'log'>, which: 'one' | 'all') {
  return async ({ ack, body, action, respond, context }: ButtonArgs) => {
    await ack();
    const actor = actorOf(body);
    try {
      const note = which === 'one' ? retriedNote((await deps.jobs.retry(actor, action.value ?? '')).queue) : retriedAllNote(await deps.jobs.retryAll(actor));
      await respond({ ...jobsAdminMessage(await deps.jobs.overview(actor), { note }), replace_original: true });
    } catch (err) {
      if (!(err instanceof UserFacingError)) throw err;
      logFailure(requestLog(context, deps), err, 'job retry refused');
      await respond(errorMessage(err));
    }
  };
}
