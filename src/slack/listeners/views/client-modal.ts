import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { SlackDeps } from '../../deps.js';
import { ids } from '../../forms/ids.js';
import { ClientValidationError, type ClientField } from '../../../core/clients/validation.js';
import { UserFacingError } from '../../../core/errors.js';
import { postToResponseUrl } from '../../messaging/respond.js';
import { esc } from '../../views/mrkdwn.js';
import { actorOf, requestLog } from '../context.js';
import { parseMeta } from '../../views/meta.js';

const FIELD_BLOCKS: Record<ClientField, string> = {
  name: ids.blocks.name,
  email: ids.blocks.email,
  timeZone: ids.blocks.timeZone,
  notes: ids.blocks.notes,
  managers: ids.blocks.managers,
  linkPreview: ids.blocks.linkPreview,
};

type Values = ViewSubmitAction['view']['state']['values'];

function formValues(values: Values) {
  const field = (block: string, action: string) => values[block]?.[action];
  return {
    name: field(ids.blocks.name, ids.actions.name)?.value ?? '',
    email: field(ids.blocks.email, ids.actions.email)?.value ?? null,
    timeZone: field(ids.blocks.timeZone, ids.actions.timeZone)?.selected_option?.value ?? '',
    notes: field(ids.blocks.notes, ids.actions.notes)?.value ?? null,
    managers: field(ids.blocks.managers, ids.actions.managers)?.selected_users ?? [],
    // Absent from a form opened before the setting existed: the client's default applies.
    linkPreview: field(ids.blocks.linkPreview, ids.actions.linkPreview)?.selected_option?.value ?? undefined,
  };
}

/** Saves the client form; problems go back inline on their fields and nothing is saved. */
export function clientModalSubmission(deps: Pick<SlackDeps, 'clients' | 'home' | 'log'>) {
  return async ({ ack, body, view, context }: AllMiddlewareArgs & SlackViewMiddlewareArgs<ViewSubmitAction>) => {
    const log = requestLog(context, deps);
    const actor = actorOf(body);
    const meta = parseMeta(view.private_metadata);
    const input = formValues(view.state.values);
    let saved;
    try {
      saved = meta.clientId ? await deps.clients.update(actor, meta.clientId, input) : await deps.clients.create(actor, input);
    } catch (err) {
      if (err instanceof ClientValidationError) {
        const errors = Object.fromEntries(
          Object.entries(err.fields).map(([field, message]) => [FIELD_BLOCKS[field as ClientField], message]),
        );
        await ack({ response_action: 'errors', errors });
        return;
      }
      if (err instanceof UserFacingError) {
        await ack({ response_action: 'errors', errors: { [ids.blocks.name]: err.message } });
        return;
      }
      throw err;
    }
    await ack();
    const verb = meta.clientId ? 'Saved' : 'Added';
    log.info({ clientId: saved.id, action: verb }, 'client saved');
    await Promise.all([
      postToResponseUrl(meta.responseUrl, { text: `:white_check_mark: ${verb} *${esc(saved.name)}* (\`${saved.slug}\`).` }, log),
      deps.home.refresh(actor.teamId, actor.userId),
    ]);
  };
}
