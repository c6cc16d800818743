import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { SlackDeps } from '../../deps.js';
import { actorOf } from '../context.js';

/** Saves the digest time in the user's current Slack zone. */
export function digestSubmission(deps: Pick<SlackDeps, 'digest' | 'directory' | 'home'>) {
  return async ({ ack, body, view }: AllMiddlewareArgs & SlackViewMiddlewareArgs<ViewSubmitAction>) => {
    const time = view.state.values.digest_time?.value?.selected_time;
    if (!time || !/^\d{2}:\d{2}$/.test(time)) {
      await ack({ response_action: 'errors', errors: { digest_time: 'Pick a time of day.' } });
      return;
    }
    await ack();
    const { teamId, userId } = actorOf(body);
    const enabled = (view.state.values.digest_on?.value?.selected_options ?? []).some((o) => o.value === 'on');
    const profile = await deps.directory.profile(teamId, userId).catch(() => null);
    await deps.digest.save(teamId, userId, { enabled, time, timeZone: profile?.timeZone ?? 'UTC' });
    await deps.home.refresh(teamId, userId);
  };
}
