import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { viewerZone } from '../../../core/clients/zone.js';
import { parseEventLink } from '../../../core/events/event-link.js';
import { logFailure } from '../../../shared/log-failure.js';
import type { SlackDeps } from '../../deps.js';
import { eventUnfurl } from '../../views/unfurl.js';
import { requestLog } from '../context.js';

/** Slack sends at most this many links per message; more are not looked at. */
const MAX_LINKS = 5;

/**
 * A Google Calendar event link was posted (manifest: `link_shared`, `unfurl_domains`): a preview
 * for each link naming an event of a calendar the poster's own connected clients own. Links of
 * anyone else, or naming nothing we can read, get no preview at all.
 */
export function linkShared(deps: Pick<SlackDeps, 'linkPreviews' | 'directory' | 'log'>) {
  return async ({ event, body, client, context }: AllMiddlewareArgs & SlackEventMiddlewareArgs<'link_shared'>) => {
    const log = requestLog(context, deps);
    const actor = { teamId: body.team_id, userId: event.user };
    const unfurls: Record<string, ReturnType<typeof eventUnfurl>> = {};
    for (const { url } of event.links.slice(0, MAX_LINKS)) {
      const ref = parseEventLink(url);
      if (!ref) continue;
      try {
        const found = await deps.linkPreviews(actor, ref);
        if (found) unfurls[url] = eventUnfurl(found.event, await viewerZone(deps.directory, actor, found.client.timeZone));
      } catch (err) {
        logFailure(log, err, 'could not read a linked event for its preview');
      }
    }
    const count = Object.keys(unfurls).length;
    if (count) {
      // From the composer Slack gives an unfurl_id (no message exists yet); once posted, channel and ts.
      const target = event.unfurl_id && event.source ? { unfurl_id: event.unfurl_id, source: event.source as 'composer' | 'conversations_history' } : { channel: event.channel, ts: event.message_ts };
      await client.chat.unfurl({ ...target, unfurls });
    }
    log.debug({ links: event.links.length, unfurled: count }, 'link previews answered');
  };
}
