import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { viewerZone } from '../../../core/clients/zone.js';
import type { SlackDeps } from '../../deps.js';
import type { BulkReporter, BulkSnapshot } from '../../../core/bulk/types.js';
import type { Actor } from '../../../core/clients/types.js';
import { dmReporter } from '../../messaging/bulk-reporter.js';
import { errorMessage } from '../../views/errors.js';
import { bulkMoveModal } from '../../views/bulk.js';
import { openThenFill } from '../../messaging/modals.js';
import { ids } from '../../forms/ids.js';
import { actorOf, requestLog } from '../context.js';
import { logFailure } from '../../../shared/log-failure.js';

export { bulkActions } from '../../views/bulk.js';

type ButtonArgs = AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockAction<ButtonAction>>;

type Run = (deps: Pick<SlackDeps, 'bulk' | 'directory' | 'log'>, actor: Actor, jobId: string, report: BulkReporter) => Promise<BulkSnapshot>;

/**
 * A button on a bulk job's message: acknowledged at once, then the run updates that same
 * message (the job's own, or the one the button was on) until it ends. Pressed on an agenda
 * (its block says so), the run gets a new DM message, which becomes the job's: the agenda
 * stays as it was and the progress shows up at the bottom of the DM rather than far above.
 */
function bulkButton(deps: Pick<SlackDeps, 'bulk' | 'directory' | 'log'>, run: Run) {
  return async ({ ack, body, action, client, context, respond }: ButtonArgs) => {
    await ack();
    const log = requestLog(context, deps);
    const actor = actorOf(body);
    const jobId = action.value ?? '';
    try {
      const { job } = await deps.bulk.get(actor, jobId);
      // Bolt types a block action's container loosely; a message button's has these two.
      const container = body.container as { channel_id?: string; message_ts?: string } | undefined;
      const clicked = { channel: container?.channel_id ?? body.channel?.id ?? null, ts: container?.message_ts ?? body.message?.ts ?? null };
      const fromAgenda = (action.block_id ?? '').startsWith(`${ids.blocks.bulkAgenda}:`);
      const message = fromAgenda ? { channel: null, ts: null } : job.channel && job.ts ? { channel: job.channel, ts: job.ts } : clicked;
      const report = dmReporter(client, log, actor.userId, message, (m) => deps.bulk.attachMessage(actor, jobId, m));
      await run(deps, actor, jobId, report);
    } catch (err) {
      logFailure(log, err, 'bulk button failed', { jobId });
      await respond(errorMessage(err)).catch((e: unknown) => log.warn({ err: e }, 'could not report the failure'));
    }
  };
}

/** Retry: runs the job's failed clients again (the same events; nothing is made twice). */
export const bulkRetryAction = (deps: Pick<SlackDeps, 'bulk' | 'directory' | 'log'>) => bulkButton(deps, (d, actor, id, report) => d.bulk.retry(actor, id, report));

/** Cancel: removes the job's events from every client (already removed counts as done). */
export const bulkCancelAction = (deps: Pick<SlackDeps, 'bulk' | 'directory' | 'log'>) => bulkButton(deps, (d, actor, id, report) => d.bulk.cancel(actor, id, report));

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
