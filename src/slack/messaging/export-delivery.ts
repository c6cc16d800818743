import type { WebClient } from '@slack/web-api';
import type { ExportDelivery, ExportJob } from '../../core/exports/types.js';
import { exportDoneComment, exportFailedMessage, exportFinishedMessage, exportProgressMessage } from '../views/export.js';
import { postDm } from './notifier.js';

/** Users whose DM channel id one process keeps (a few dozen bytes each). */
const DM_CHANNELS_KEPT = 1000;

/**
 * Delivers exports in each user's DM with the app: one progress message, updated page after
 * page, then the file (files.uploadV2: files:write) or what failed. Slack failures throw, so the
 * job is tried again.
 */
export function slackExportDelivery(client: WebClient): ExportDelivery {
  // The progress message of each running export in this process; a rerun elsewhere posts its own.
  const progress = new Map<string, { channel: string; ts: string }>();
  // files.uploadV2 needs the DM's channel id, where chat.postMessage takes the user's: each user's
  // is asked of Slack once (conversations.open is Tier 3, 50 a minute per workspace), the most
  // recently used kept.
  const dmChannels = new Map<string, string>();

  async function dm(job: ExportJob): Promise<string> {
    const key = `${job.actor.teamId}/${job.actor.userId}`;
    let channel = dmChannels.get(key);
    if (!channel) {
      channel = (await client.conversations.open({ users: job.actor.userId })).channel?.id;
      if (!channel) throw new Error('Slack opened no DM channel');
    }
    dmChannels.delete(key);
    dmChannels.set(key, channel);
    const oldest = dmChannels.keys().next();
    if (dmChannels.size > DM_CHANNELS_KEPT && !oldest.done) dmChannels.delete(oldest.value);
    return channel;
  }

  /** Updates the progress message, or posts one when there is none. */
  async function show(job: ExportJob, message: { text: string; blocks: object[] }, postIfNone: boolean): Promise<void> {
    const shown = progress.get(job.jobId);
    if (shown) {
      await client.chat.update({ channel: shown.channel, ts: shown.ts, text: message.text, blocks: message.blocks as never });
      return;
    }
    if (!postIfNone) return;
    progress.set(job.jobId, await postDm(client, job.actor.userId, message));
  }

  return {
    progress: (job, eventsRead) => show(job, exportProgressMessage(job, eventsRead), true),
    async file(job, file) {
      const channel = progress.get(job.jobId)?.channel ?? (await dm(job));
      await client.files.uploadV2({
        channel_id: channel,
        file: Buffer.from(file.content, 'utf8'),
        filename: file.filename,
        title: file.filename,
        initial_comment: exportDoneComment(job, file),
      });
      await show(job, exportFinishedMessage(job, file), false);
      progress.delete(job.jobId);
    },
    async failed(job, err) {
      const message = exportFailedMessage(job, err);
      if (progress.has(job.jobId)) await show(job, message, false);
      else await postDm(client, job.actor.userId, message);
      progress.delete(job.jobId);
    },
  };
}
