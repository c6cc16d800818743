import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { viewerZone } from '../../../core/clients/zone.js';
import type { SlackDeps } from '../../deps.js';
import { postProgressMessage } from '../../messaging/bulk-reporter.js';
import { errorMessage } from '../../views/errors.js';
import { bulkMoveModal } from '../../views/bulk.js';
import { openThenFill } from '../../messaging/modals.js';
import { ids } from '../../forms/ids.js';
import { actorOf, requestLog } from '../context.js';
import { logFailure } from '../../../shared/log-failure.js';

export { bulkActions } from '../../views/bulk.js';

type ButtonArgs = AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockAction<ButtonAction>>;

/**
 * A button on a bulk job's message: acknowledged at once, then queued; the run updates the job's
 * message (or the one the button was on) until it ends. Pressed on an agenda (its block says so),
 * the run gets a new DM message, which becomes the job's: the agenda stays as it was and the
 * progress shows up at the bottom of the DM rather than far above.
 */
function bulkButton(deps: Pick<SlackDeps, 'bulk' | 'directory' | 'log'>, action: 'retry' | 'cancel') {
  return async ({ ack, body, action: button, client, context, respond }: ButtonArgs) => {
    await ack();
    const log = requestLog(context, deps);
    const actor = actorOf(body);
    const change = { jobId: button.value ?? '', action };
    try {
      const { job } = await deps.bulk.get(actor, change.jobId);
      // Bolt types a block action's container loosely; a message button's has these two.
      const container = body.container as { channel_id?: string; message_ts?: string } | undefined;
      const clicked = { channel: container?.channel_id ?? body.channel?.id, ts: container?.message_ts ?? body.message?.ts };
      const fromAgenda = (button.block_id ?? '').startsWith(`${ids.blocks.bulkAgenda}:`);
      if (fromAgenda || !(job.channel && job.ts)) {
        if (!fromAgenda && clicked.channel && clicked.ts) await deps.bulk.attachMessage(actor, change.jobId, { channel: clicked.channel, ts: clicked.ts });
        else await postProgressMessage(client, log, deps.bulk, actor, change);
      }
      await deps.bulk.request(actor, change);
    } catch (err) {
      logFailure(log, err, 'bulk button failed', { jobId: change.jobId });
      await respond(errorMessage(err)).catch((e: unknown) => log.warn({ err: e }, 'could not report the failure'));
    }
  };
}

/** Retry: runs the job's failed clients again (the same events; nothing is made twice). */
export const bulkRetryAction = (deps: Pick<SlackDeps, 'bulk' | 'directory' | 'log'>) => bulkButton(deps, 'retry');

/** Cancel: removes the job's events from every client (already removed counts as done). */
export const bulkCancelAction = (deps: Pick<SlackDeps, 'bulk' | 'directory' | 'log'>) => bulkButton(deps, 'cancel');

/** Move (on an agenda): the modal asking for the new time, opened at once and filled with the job. */
export function bulkMoveAction(deps: Pick<SlackDeps, 'bulk' | 'directory' | 'log'>) {
  return async ({ ack, body, action, client, context }: ButtonArgs) => {
    await ack();
    const actor = actorOf(body);
    const jobId = action.value ?? '';
    await openThenFill(client, requestLog(context, deps), body.trigger_id, 'Move', async () => {
      const job = await deps.bulk.moveTarget(actor, jobId);
      return bulkMoveModal(job, await viewerZone(deps.directory, actor, job.input.timeZone));
    });
  };
}
