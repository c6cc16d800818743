import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { SlackDeps } from '../../deps.js';
import { errorMessage } from '../../views/errors.js';
import { sharedFileOf, type SlackFileObject } from './submission.js';
import { requestLog } from '../context.js';
import { logFailure } from '../../../shared/log-failure.js';

/** "import acme", "Import Acme Corp", or just "import" (the default client). */
const IMPORT_TEXT = /^\s*import\b\s*(.*)$/is;

/**
 * A file shared in the app's DM with "import <client>": the same import as the modal's, into the
 * client's primary calendar, skipping events imported before. Only a person's own file_share
 * message in the app's DM counts: the bot's own messages, other subtypes and other channels are
 * ignored (Slack also sends the app every other message of its DMs).
 */
export function dmUpload(deps: Pick<SlackDeps, 'imports' | 'clients' | 'log'>) {
  return async ({ event, body, client, context }: AllMiddlewareArgs & SlackEventMiddlewareArgs<'message'>) => {
    if (event.channel_type !== 'im' || event.subtype !== 'file_share') return;
    // Bolt acks an event before its listeners run, so a redelivery (X-Slack-Retry-Num) is one this
    // app already received; Bolt does not deduplicate them, and a second run would post a second report.
    if (context.retryNum) return;
    const message = event as typeof event & { user?: string; text?: string; bot_id?: string; files?: SlackFileObject[] };
    if (!message.user || message.bot_id || message.user === context.botUserId) return;
    const asked = IMPORT_TEXT.exec(message.text ?? '');
    const file = message.files?.[0];
    if (!asked || !file) return;
    const log = requestLog(context, deps);
    const actor = { teamId: body.team_id ?? '', userId: message.user };
    const ref = asked[1]?.trim() ?? '';
    try {
      const target = ref ? await deps.clients.resolve(actor, ref) : await deps.clients.defaultClient(actor);
      if (!target) {
        await client.chat.postMessage({ channel: event.channel, text: 'Which client? Write `import <client>` with the file, or set a default with `/calstack use <client>`.' });
        return;
      }
      await deps.imports.start(actor, { clientId: target.id, file: sharedFileOf(file), duplicates: 'skip' });
    } catch (err) {
      logFailure(log, err, 'could not start an import from a DM');
      const { text, blocks } = errorMessage(err);
      await client.chat.postMessage({ channel: event.channel, text, ...(blocks ? { blocks } : {}) }).catch((e: unknown) => log.warn({ err: e }, 'could not report the failure'));
    }
  };
}
