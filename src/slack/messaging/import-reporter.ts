import type { WebClient } from '@slack/web-api';
import type { Logger } from '../../logger.js';
import type { ImportReporter, ImportSnapshot } from '../../core/imports/run-types.js';
import { importMessage } from '../views/imports.js';
import { dmProgressReporter } from './dm-progress.js';

/** Shows an import in its one DM message (dm-progress.ts): progress, problems, the report. */
export function importReporter(
  client: WebClient,
  log: Logger,
  userId: string,
  message: { channel: string | null; ts: string | null },
  onPosted: (message: { channel: string; ts: string }) => Promise<void>,
): ImportReporter {
  return dmProgressReporter<ImportSnapshot>(client, log, userId, message, onPosted, importMessage, { where: (s) => ({ runId: s.run.id }), msg: 'could not show import progress' });
}
