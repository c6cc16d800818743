import type { WebClient } from '@slack/web-api';
import type { Logger } from '../../logger.js';
import type { BulkReporter, BulkSnapshot } from '../../core/bulk/types.js';
import type { BulkService } from '../../core/bulk/service.js';
import type { BulkChange } from '../../core/bulk/requests.js';
import type { Actor } from '../../core/clients/types.js';
import { bulkMessage } from '../views/bulk.js';
import { dmProgressReporter } from './dm-progress.js';

/** Reports a bulk job in its one DM message (dm-progress.ts). */
export function dmReporter(
  client: WebClient,
  log: Logger,
  userId: string,
  message: { channel: string | null; ts: string | null },
  onPosted: (message: { channel: string; ts: string }) => Promise<void>,
): BulkReporter {
  return dmProgressReporter<BulkSnapshot>(client, log, userId, message, onPosted, bulkMessage, { where: (s) => ({ jobId: s.job.id }), msg: 'could not show bulk progress' });
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
