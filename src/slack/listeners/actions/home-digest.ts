import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { SlackDeps } from '../../deps.js';
import { openThenFill } from '../../messaging/modals.js';
import { digestModal } from '../../views/digest.js';
import { actorOf, requestLog } from '../context.js';

export function homeDigestAction(deps: Pick<SlackDeps, 'digest' | 'directory' | 'log'>) {
  return async ({ ack, body, client, context }: AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockAction<ButtonAction>>) => {
    await ack();
    const { teamId, userId } = actorOf(body);
    await openThenFill(client, requestLog(context, deps), body.trigger_id, 'Daily digest', async () => {
      const [current, profile] = await Promise.all([deps.digest.get(teamId, userId), deps.directory.profile(teamId, userId)]);
      return digestModal(current, profile.timeZone);
    });
  };
}
