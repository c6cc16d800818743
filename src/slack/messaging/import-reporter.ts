import type { WebClient } from '@slack/web-api';
import type { Logger } from '../../logger.js';
import type { ImportReporter } from '../../core/imports/run-types.js';
import { importMessage } from '../views/imports.js';

/**
 * Shows an import in one DM message: posted on the first report when the run has none yet (then
 * `onPosted` keeps it with the run, so a run resumed elsewhere updates the same message), updated
 * in place after that. Slack failures are logged, never thrown: the import itself carries on.
 */
export function importReporter(
  client: WebClient,
  log: Logger,
  userId: string,
  message: { channel: string | null; ts: string | null },
  onPosted: (message: { channel: string; ts: string }) => Promise<void>,
): ImportReporter {
  let target = message.channel && message.ts ? { channel: message.channel, ts: message.ts } : null;
  return async (snapshot) => {
    const content = importMessage(snapshot);
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
      log.warn({ err, runId: snapshot.run.id }, 'could not show import progress');
    }
  };
}
