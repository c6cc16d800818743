import type { WebClient } from '@slack/web-api';
import type { Logger } from '../../logger.js';
import type { BulkReporter } from '../../core/bulk/types.js';
import type { BulkService } from '../../core/bulk/service.js';
import type { BulkChange } from '../../core/bulk/requests.js';
import type { Actor } from '../../core/clients/types.js';
import { bulkMessage } from '../views/bulk.js';

/**
 * Reports a bulk job in one DM message: posted on the first report when there is none yet
 * (then `onPosted` keeps it), updated in place after that. Slack failures are logged, never thrown,
 * so the work itself carries on.
 */
export function dmReporter(
  client: WebClient,
  log: Logger,
  userId: string,
  message: { channel: string | null; ts: string | null },
  onPosted: (message: { channel: string; ts: string }) => Promise<void>,
): BulkReporter {
  let target = message.channel && message.ts ? { channel: message.channel, ts: message.ts } : null;
  return async (snapshot) => {
    const content = bulkMessage(snapshot);
    try {
      if (target) {
        await client.chat.update({ channel: target.channel, ts: target.ts, text: content.text, blocks: content.blocks });
        return;
      }
      const opened = await client.conversations.open({ users: userId });
      const channel = opened.channel?.id;
      if (!channel) throw new Error('Slack opened no DM channel');
      const posted = await client.chat.postMessage({ channel, text: content.text, blocks: content.blocks });
      if (!posted.ts) throw new Error('Slack posted no message');
      target = { channel: posted.channel ?? channel, ts: posted.ts };
      await onPosted(target);
    } catch (err) {
      log.warn({ err, jobId: snapshot.job.id }, 'could not show bulk progress');
    }
  };
}

/**
 * Posts `change` as it will look once it starts in a new DM message, which becomes the job's:
 * whichever process runs the change updates that message.
 */
export async function postProgressMessage(
  client: WebClient,
  log: Logger,
  bulk: Pick<BulkService, 'preview' | 'attachMessage'>,
  actor: Actor,
  change: BulkChange,
): Promise<void> {
  const report = dmReporter(client, log, actor.userId, { channel: null, ts: null }, (message) => bulk.attachMessage(actor, change.jobId, message));
  await report(await bulk.preview(actor, change));
}
