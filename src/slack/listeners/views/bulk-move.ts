import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { viewerZone } from '../../../core/clients/zone.js';
import type { SlackDeps } from '../../deps.js';
import { UserFacingError } from '../../../core/errors.js';
import { parseMoveTime } from '../../../core/bulk/move.js';
import type { BulkJobSummary } from '../../../core/bulk/types.js';
import { postProgressMessage } from '../../messaging/bulk-reporter.js';
import { ids } from '../../forms/ids.js';
import { truncate } from '../../views/mrkdwn.js';
import { sendDm } from '../../messaging/notifier.js';
import { errorMessage } from '../../views/errors.js';
import { parseMeta } from '../../views/meta.js';
import { actorOf, requestLog } from '../context.js';
import { logFailure } from '../../../shared/log-failure.js';

/**
 * The Move modal: the new time is read like quick add in the user's zone. Anything unclear (or a
 * job that can't be moved any more) is shown on the field and nothing changes; otherwise the modal
 * closes and the move is queued as a bulk run, its progress in a new DM message that becomes the job's.
 */
export function bulkMoveSubmission(deps: Pick<SlackDeps, 'bulk' | 'clock' | 'directory' | 'log'>) {
  return async ({ ack, body, view, client, context }: AllMiddlewareArgs & SlackViewMiddlewareArgs<ViewSubmitAction>) => {
    const log = requestLog(context, deps);
    const actor = actorOf(body);
    const jobId = parseMeta(view.private_metadata).jobId ?? '';
    const text = view.state.values[ids.blocks.bulkMoveWhen]?.value?.value ?? '';
    const refuse = (message: string) => ack({ response_action: 'errors', errors: { [ids.blocks.bulkMoveWhen]: truncate(message, 300) } });

    let job: BulkJobSummary;
    try {
      job = await deps.bulk.moveTarget(actor, jobId);
    } catch (err) {
      logFailure(log, err, 'could not load a bulk job to move', { jobId });
      await refuse(err instanceof UserFacingError ? err.message : 'Something went wrong on our side and nothing was changed. Please try again in a moment.');
      return;
    }
    const zone = await viewerZone(deps.directory, actor, job.input.timeZone);
    const parsed = parseMoveTime(text, { now: deps.clock.now(), zone, allDay: Boolean(job.input.start.date) });
    if ('error' in parsed) {
      await refuse(parsed.error);
      return;
    }
    await ack();

    const change = { jobId, action: 'move', time: parsed.time } as const;
    try {
      await postProgressMessage(client, log, deps.bulk, actor, change);
      await deps.bulk.request(actor, change);
    } catch (err) {
      logFailure(log, err, 'bulk move failed', { jobId });
      await sendDm(client, actor.userId, errorMessage(err)).catch((e: unknown) => log.warn({ err: e }, 'could not report the failure'));
    }
  };
}
