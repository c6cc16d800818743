import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { SlackDeps } from '../../deps.js';
import { requestLog } from '../context.js';

/**
 * A user's profile changed. Their zone is the one thing we keep: the directory forgets what it
 * remembered of them, and a daily digest moves to the same time of day in their new zone.
 */
export function userChange(deps: Pick<SlackDeps, 'digest' | 'directory' | 'home' | 'log'>) {
  return async ({ event, body, context }: AllMiddlewareArgs & SlackEventMiddlewareArgs<'user_change'>) => {
    const { id: userId, tz } = event.user;
    const teamId = body.team_id;
    deps.directory.forget?.(teamId, userId);
    if (!tz) return;
    if (await deps.digest.followZone({ teamId, userId }, tz)) {
      requestLog(context, deps).info({ userId, timeZone: tz }, 'daily digest moved to the user\u2019s new time zone');
      await deps.home.refresh(teamId, userId);
    }
  };
}
