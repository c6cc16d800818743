import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { SlackDeps } from '../../deps.js';
import type { SharedFile } from '../../../core/imports/run-types.js';
import { importFormatOf, sizeProblem } from '../../../core/imports/parse.js';
import { importIds } from '../../views/imports.js';
import { parseMeta } from '../../views/meta.js';
import { truncate } from '../../views/mrkdwn.js';
import { errorMessage } from '../../views/errors.js';
import { sendDm } from '../../messaging/notifier.js';
import { actorOf, requestLog } from '../context.js';
import { logFailure } from '../../../shared/log-failure.js';

/** A file as Slack puts it in a file_input's state (and in a file_share event): files.info's shape. */
export interface SlackFileObject {
  id?: string;
  name?: string;
  title?: string;
  filetype?: string;
  size?: number;
}

export const sharedFileOf = (f: SlackFileObject): SharedFile => ({ id: f.id ?? '', name: f.name ?? f.title ?? 'file', filetype: f.filetype ?? null, size: f.size ?? 0 });

/**
 * The import modal, submitted: what can be told from the submission alone (no file, not .ics or
 * .csv, too large, no client) is shown on the field; otherwise the modal closes and the import is
 * queued, its progress in a new DM message. Whether the user manages the client is checked by
 * the use case before anything of the file is read.
 */
export function importSubmission(deps: Pick<SlackDeps, 'imports' | 'log'>) {
  return async ({ ack, body, view, client, context }: AllMiddlewareArgs & SlackViewMiddlewareArgs<ViewSubmitAction>) => {
    const log = requestLog(context, deps);
    const actor = actorOf(body);
    const values = view.state.values;
    const { blocks, actions } = importIds;
    const picked = (values[blocks.file]?.[actions.file] as { files?: SlackFileObject[] } | undefined)?.files ?? [];
    const file = picked[0] ? sharedFileOf(picked[0]) : null;
    const clientId = parseMeta(view.private_metadata).clientId ?? values[blocks.client]?.[actions.client]?.selected_option?.value ?? '';
    const problem = !file
      ? 'Choose a .ics or .csv file.'
      : !importFormatOf(file.name, file.filetype)
        ? 'Choose an iCalendar (.ics) or CSV (.csv) file.'
        : sizeProblem(file.size);
    if (problem || !file) {
      await ack({ response_action: 'errors', errors: { [blocks.file]: truncate(problem ?? '', 300) } });
      return;
    }
    if (!clientId) {
      await ack({ response_action: 'errors', errors: { [blocks.client]: 'Choose a client.' } });
      return;
    }
    await ack();
    const calendarId = values[blocks.calendar]?.[actions.calendar]?.selected_option?.value ?? null;
    const duplicates = values[blocks.duplicates]?.[actions.duplicates]?.selected_option?.value === 'update' ? 'update' : 'skip';
    try {
      await deps.imports.start(actor, { clientId, calendarId, file, duplicates });
    } catch (err) {
      logFailure(log, err, 'could not start an import');
      await sendDm(client, actor.userId, errorMessage(err)).catch((e: unknown) => log.warn({ err: e }, 'could not report the failure'));
    }
  };
}
