import type { WebClient } from '@slack/web-api';
import type { ExportDelivery, ExportJob } from '../../core/exports/types.js';
import { exportDoneComment, exportFailedMessage, exportFinishedMessage, exportProgressMessage } from '../views/export.js';

/**
 * Delivers exports in each user's DM with the app: one progress message, updated page after
 * page, then the file (files.uploadV2: files:write) or what failed. Slack failures throw, so the
 * job is tried again.
 */
export function slackExportDelivery(client: WebClient): ExportDelivery {
  // The progress message of each running export in this process; a rerun elsewhere posts its own.
  const progress = new Map<string, { channel: string; ts: string }>();

  async function dm(job: ExportJob): Promise<string> {
    const opened = await client.conversations.open({ users: job.actor.userId });
    const channel = opened.channel?.id;
    if (!channel) throw new Error('Slack opened no DM channel');
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
    const channel = await dm(job);
    const posted = await client.chat.postMessage({ channel, text: message.text, blocks: message.blocks as never });
    if (posted.ts) progress.set(job.jobId, { channel: posted.channel ?? channel, ts: posted.ts });
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
      else await client.chat.postMessage({ channel: await dm(job), text: message.text, blocks: message.blocks });
      progress.delete(job.jobId);
    },
  };
}
