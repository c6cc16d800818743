import type { WebClient } from '@slack/web-api';
import type { Logger } from '../../logger.js';
import type { ConnectionNotifier } from '../../core/connections/ports.js';
import { connectedMessage, connectFailedMessage, needsReconnectMessage } from '../views/connection-messages.js';
import { coreWording, wordedLine } from '../views/error-text.js';

/** Sends a DM: conversations.open, then chat.postMessage in that channel. */
export async function sendDm(client: WebClient, userId: string, message: { text: string; blocks?: unknown[] }): Promise<void> {
  const opened = await client.conversations.open({ users: userId });
  const channel = opened.channel?.id;
  if (!channel) throw new Error('Slack opened no DM channel');
  await client.chat.postMessage({ channel, text: message.text, ...(message.blocks ? { blocks: message.blocks as never } : {}) });
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
