import type { AllMiddlewareArgs, BlockAction, OverflowAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { viewerZone } from '../../../core/clients/zone.js';
import type { SlackDeps } from '../../deps.js';
import type { FormDeps } from '../../forms/client-forms.js';
import { parseEventBlockId } from '../../forms/ids.js';
import { openEditEventForm } from '../../forms/event-forms.js';
import { openThenFill } from '../../messaging/modals.js';
import { deleteEventModal } from '../../views/event-results.js';
import { actorOf, requestLog } from '../context.js';

/** Edit / Delete / Open on an event in a list. "Open" is a link: nothing to do. */
export function eventMenuAction(deps: FormDeps & Pick<SlackDeps, 'log'>) {
  return async ({ ack, body, action, client, context }: AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockAction<OverflowAction>>) => {
    await ack();
    const where = parseEventBlockId(action.block_id);
    const [verb, ...rest] = action.selected_option.value.split(':');
    const eventId = rest.join(':');
    if (!where || !eventId || verb === 'open') return;
    const actor = actorOf(body);
    const log = requestLog(context, deps);
    const target = { ...where, eventId };
    const req = { client, log, deps, actor, triggerId: body.trigger_id, responseUrl: body.response_url };
    if (verb === 'edit') return openEditEventForm(req, target);
    if (verb === 'delete') {
      return openThenFill(client, log, body.trigger_id, 'Delete event', async () => {
        const { client: owner, event } = await deps.events.get(actor, where.clientId, where.calendarId, eventId);
        const zone = await viewerZone(deps.directory, actor, owner.timeZone);
        return deleteEventModal(owner, event, zone, { ...target, ...(body.response_url ? { responseUrl: body.response_url } : {}) });
      });
    }
  };
}
