import type { KnownBlock } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import type { Logger } from '../../logger.js';
import { postDm } from './notifier.js';

/**
 * Shows a background run (a bulk job, an import) in one DM message: posted on the first report
 * when there is none yet (then `onPosted` keeps it with the run, so whichever process runs it
 * next updates the same message), updated in place after that. Slack failures are logged with
 * `where`, never thrown: the work itself carries on.
 */
export function dmProgressReporter<S>(
  client: WebClient,
  log: Logger,
  userId: string,
  message: { channel: string | null; ts: string | null },
  onPosted: (message: { channel: string; ts: string }) => Promise<void>,
  render: (snapshot: S) => { text: string; blocks: KnownBlock[] },
  failure: { where: (snapshot: S) => Record<string, unknown>; msg: string },
): (snapshot: S) => Promise<void> {
  let target = message.channel && message.ts ? { channel: message.channel, ts: message.ts } : null;
  return async (snapshot) => {
    const content = render(snapshot);
    try {
      if (target) {
        await client.chat.update({ channel: target.channel, ts: target.ts, text: content.text, blocks: content.blocks });
        return;
      }
      target = await postDm(client, userId, content);
      await onPosted(target);
    } catch (err) {
      log.warn({ err, ...failure.where(snapshot) }, failure.msg);
    }
  };
}
