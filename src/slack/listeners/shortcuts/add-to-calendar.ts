import type { AllMiddlewareArgs, MessageShortcut, SlackShortcutMiddlewareArgs } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Logger } from '../../../logger.js';
import { clientNamedIn } from '../../../core/clients/named.js';
import { viewerZone } from '../../../core/clients/zone.js';
import { draftFromMessage } from '../../../core/events/from-message.js';
import { postToResponseUrl } from '../../messaging/respond.js';
import { actorOf, requestLog } from '../context.js';
import { defaultAmong, formRequestOf, openShortcutForm, type ShortcutDeps } from './event-form.js';

type MessageShortcutArgs = AllMiddlewareArgs & SlackShortcutMiddlewareArgs<MessageShortcut>;

/** Named at most this many at a time: a context text holds 3,000 characters. */
const NOT_INVITED_SHOWN = 20;

/** Slack user ids only ([UW] and capitals), so the mentions below are ours, not user text. */
const notInvited = (userIds: string[]) => {
  const more = userIds.length > NOT_INVITED_SHOWN ? ` and ${userIds.length - NOT_INVITED_SHOWN} more` : '';
  const named = userIds.slice(0, NOT_INVITED_SHOWN).map((id) => `<@${id}>`).join(', ');
  return `:warning: Not invited: ${named}${more} \u2014 Slack shows the app no email for them. Add their addresses under Guests if you know them.`;
};

/** "Add to calendar" on a message: the event form, prefilled by reading the message as quick add does. */
export function addToCalendarShortcut(deps: ShortcutDeps) {
  return async ({ ack, shortcut, client, context }: MessageShortcutArgs) => {
    await ack();
    const actor = actorOf(shortcut);
    const log = requestLog(context, deps);
    const req = formRequestOf(deps, client, log, actor, shortcut.trigger_id, shortcut.response_url);
    const tell = (message: Record<string, unknown>) => postToResponseUrl(shortcut.response_url, message, log);
    await openShortcutForm(req, tell, async (clients) => {
      const text = shortcut.message.text ?? '';
      const named = clientNamedIn(clients, text);
      const chosen = named?.client ?? (await defaultAmong(deps, actor, clients));
      const zone = await viewerZone(deps.directory, actor, chosen?.timeZone ?? 'UTC');
      const draft = await draftFromMessage(named?.text ?? text, {
        now: deps.clock.now(),
        zone,
        permalink: await permalinkOf(client, log, shortcut.channel.id, shortcut.message.ts),
        emailOf: async (userId) => (await deps.directory.profile(actor.teamId, userId)).email,
        message: text,
      });
      return {
        ...(chosen ? { clientId: chosen.id } : {}),
        prefill: draft.prefill,
        ...(draft.withoutEmail.length ? { notice: notInvited(draft.withoutEmail) } : {}),
      };
    });
  };
}

/** The message's link for the description; without it the form still opens. */
async function permalinkOf(client: WebClient, log: Logger, channel: string, ts: string): Promise<string | null> {
  try {
    return (await client.chat.getPermalink({ channel, message_ts: ts })).permalink ?? null;
  } catch (err) {
    log.warn({ err }, 'could not get the message\u2019s permalink');
    return null;
  }
}
