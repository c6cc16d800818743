import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { viewerZone } from '../../core/clients/zone.js';
import { answerScope } from '../../core/invitations/service.js';
import type { Answer } from '../../core/invitations/types.js';
import type { SlackDeps } from '../deps.js';
import { openThenFill } from '../messaging/modals.js';
import { ReplyError } from '../reply-error.js';
import { answerModal } from '../views/invitation-modal.js';
import { actorOf, requestLog } from '../listeners/context.js';
import { parseRsvpRef } from './rsvp.js';

export type RsvpButtonArgs = AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockAction<ButtonAction>>;
export type RsvpDeps = Pick<SlackDeps, 'invitations' | 'directory' | 'log'>;

/**
 * Accept, Maybe or Decline pressed: the answer modal opens at once (the trigger_id lives 3 s)
 * and fills in once the invitation is read, which is also where a non-manager is refused,
 * before anything reaches Google.
 */
export function openAnswerForm(deps: RsvpDeps, answer: Answer) {
  return async ({ ack, body, action, client, context }: RsvpButtonArgs) => {
    await ack();
    const log = requestLog(context, deps);
    const actor = actorOf(body);
    await openThenFill(client, log, body.trigger_id, 'Answer invitation', async () => {
      const ref = parseRsvpRef(action.value);
      if (!ref) throw new ReplyError('That button no longer works.', 'Run `/calstack invites` for the invitations waiting for an answer.');
      const { client: owner, event } = await deps.invitations.invitation(actor, { clientId: ref.c, calendarId: ref.k, eventId: ref.e });
      const zone = await viewerZone(deps.directory, actor, owner.timeZone);
      return answerModal({ meta: { ...ref, a: answer, ...(body.response_url ? { u: body.response_url } : {}) }, clientName: owner.name, event, zone, scope: answerScope(event) });
    });
  };
}
