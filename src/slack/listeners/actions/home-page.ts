import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { SlackDeps } from '../../deps.js';
import { actorOf } from '../context.js';

/** Previous / Next / Refresh on the Home tab: the button's value is the page to show. */
export function homePageAction(deps: Pick<SlackDeps, 'home'>) {
  return async ({ ack, body, action }: AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockAction<ButtonAction>>) => {
    await ack();
    const page = Number.parseInt(action.value ?? '0', 10);
    const { teamId, userId } = actorOf(body);
    await deps.home.publish(teamId, userId, Number.isFinite(page) && page >= 0 ? page : 0);
  };
}
