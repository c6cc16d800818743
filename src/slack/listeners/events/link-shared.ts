import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { viewerZone } from '../../../core/clients/zone.js';
import { logFailure } from '../../../shared/log-failure.js';
import type { SlackDeps } from '../../deps.js';
import { eventUnfurl } from '../../views/unfurl.js';
import { requestLog } from '../context.js';

/**
 * A Google Calendar event link was posted (manifest: `link_shared`, `unfurl_domains`): a preview
 * for each link naming an event of a calendar the poster's own connected clients own, as much as
 * that client's setting shows. Links of anyone else, or naming nothing we can read, get none.
 */
export function linkShared(deps: Pick<SlackDeps, 'linkPreviews' | 'directory' | 'log'>) {
  return async ({ event, body, client, context }: AllMiddlewareArgs & SlackEventMiddlewareArgs<'link_shared'>) => {
    const log = requestLog(context, deps);
    const actor = { teamId: body.team_id, userId: event.user };
    const { previews, failures } = await deps.linkPreviews.previews(actor, event.links.map((l) => l.url));
    for (const err of failures) logFailure(log, err, 'could not read a linked event for its preview');
    const unfurls: Record<string, ReturnType<typeof eventUnfurl>> = {};
    for (const preview of previews) unfurls[preview.url] = eventUnfurl(preview, await viewerZone(deps.directory, actor, preview.client.timeZone));
    const count = previews.length;
    if (count) {
      // From the composer Slack gives an unfurl_id (no message exists yet); once posted, channel and ts.
      const target = event.unfurl_id && event.source ? { unfurl_id: event.unfurl_id, source: event.source as 'composer' | 'conversations_history' } : { channel: event.channel, ts: event.message_ts };
      await client.chat.unfurl({ ...target, unfurls });
    }
    log.debug({ links: event.links.length, unfurled: count }, 'link previews answered');
  };
}
