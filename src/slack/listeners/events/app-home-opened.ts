import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { SlackDeps } from '../../deps.js';

export function appHomeOpened(deps: Pick<SlackDeps, 'home'>) {
  return async ({ event, body }: AllMiddlewareArgs & SlackEventMiddlewareArgs<'app_home_opened'>) => {
    if (event.tab !== 'home') return;
    await deps.home.publish(body.team_id, event.user);
  };
}
