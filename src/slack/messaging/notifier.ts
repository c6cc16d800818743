import type { WebClient } from '@slack/web-api';
import type { Logger } from '../../logger.js';
import type { ConnectionNotifier } from '../../core/connections/ports.js';
import { connectedMessage, connectFailedMessage, needsReconnectMessage } from '../views/connection-messages.js';
import { coreWording, wordedLine } from '../views/error-text.js';

/**
 * Sends a DM. chat.postMessage given a user id posts in the app's DM with them (Slack documents
 * it), so no conversations.open: that is Tier 3, 50 a minute per workspace, and a burst of
 * digests would be throttled on it. Answers the DM's channel id and the message's ts, which
 * chat.update needs.
 */
export async function postDm(client: WebClient, userId: string, message: { text: string; blocks?: unknown[] }): Promise<{ channel: string; ts: string }> {
  const posted = await client.chat.postMessage({ channel: userId, text: message.text, ...(message.blocks ? { blocks: message.blocks as never } : {}) });
  if (!posted.channel || !posted.ts) throw new Error('Slack posted no message');
  return { channel: posted.channel, ts: posted.ts };
}

export async function sendDm(client: WebClient, userId: string, message: { text: string; blocks?: unknown[] }): Promise<void> {
  await postDm(client, userId, message);
}

/** Connection events as Slack DMs; `afterChange` refreshes the Home tab of whoever was told. */
export function slackConnectionNotifier(
  client: WebClient,
  log: Logger,
  afterChange: (teamId: string, userId: string) => Promise<void>,
): ConnectionNotifier {
  const dm = (userId: string, message: { text: string; blocks?: unknown[] }) =>
    sendDm(client, userId, message).catch((err: unknown) => log.warn({ err, userId }, 'could not send a DM'));
  return {
    async connected({ teamId, userId, clientName, email }) {
      await dm(userId, connectedMessage(clientName, email));
      await afterChange(teamId, userId);
    },
    async failed({ userId, clientName, error }) {
      await dm(userId, connectFailedMessage(clientName, wordedLine(coreWording(error))));
    },
    async needsReconnect({ teamId, userIds, clientId, clientName }) {
      await Promise.all(userIds.map((u) => dm(u, needsReconnectMessage(clientId, clientName))));
      await Promise.all(userIds.map((u) => afterChange(teamId, u)));
    },
  };
}
