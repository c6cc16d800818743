import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { SlackDeps } from '../../deps.js';
import { publishHome } from '../../home.js';
import { actorOf } from '../context.js';

/** Previous / Next / Refresh on the Home tab: the button's value is the page to show. */
export function homePageAction(deps: SlackDeps) {
  return async ({ ack, body, action, client }: AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockAction<ButtonAction>>) => {
    await ack();
    const page = Number.parseInt(action.value ?? '0', 10);
    const { teamId, userId } = actorOf(body);
    await publishHome(client, deps, teamId, userId, Number.isFinite(page) && page >= 0 ? page : 0);
  };
}
