import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { viewerZone } from '../../../core/clients/zone.js';
import { ANSWERS, NOTE_MAX, type Answer } from '../../../core/invitations/types.js';
import { logFailure } from '../../../shared/log-failure.js';
import type { SlackDeps } from '../../deps.js';
import { parseRsvpMeta, rsvpBlocks } from '../../forms/rsvp.js';
import { postToResponseUrl } from '../../messaging/respond.js';
import { sendDm } from '../../messaging/notifier.js';
import { errorMessage } from '../../views/errors.js';
import { answeredLine, invitationAnswered, invitationsList } from '../../views/invitation.js';
import { actorOf, requestLog } from '../context.js';

const isAnswer = (value: string | undefined): value is Answer => ANSWERS.includes(value as Answer);

/**
 * The answer sent: checked on the form first, then answered at Google; the message the button
 * was on is replaced in place (a notice shows who answered what; a list is read again, the
 * answer on top). A failure is told beside it, and the buttons stay for another try.
 */
export function rsvpSubmission(deps: Pick<SlackDeps, 'invitations' | 'directory' | 'log'>) {
  return async ({ ack, body, view, client, context }: AllMiddlewareArgs & SlackViewMiddlewareArgs<ViewSubmitAction>) => {
    const meta = parseRsvpMeta(view.private_metadata);
    const answer = view.state.values[rsvpBlocks.answer]?.value?.selected_option?.value ?? undefined;
    const note = view.state.values[rsvpBlocks.note]?.value?.value ?? undefined;
    if (note && Array.from(note).length > NOTE_MAX) {
      await ack({ response_action: 'errors', errors: { [rsvpBlocks.note]: `At most ${NOTE_MAX} characters.` } });
      return;
    }
    if (!isAnswer(answer)) {
      await ack({ response_action: 'errors', errors: { [rsvpBlocks.answer]: 'Choose an answer.' } });
      return;
    }
    await ack();
    const log = requestLog(context, deps);
    const actor = actorOf(body);
    const tell = (message: { text: string; blocks?: unknown[]; replace_original?: boolean }) =>
      meta?.u ? postToResponseUrl(meta.u, message, log) : sendDm(client, actor.userId, message);
    try {
      if (!meta) throw new Error('answer modal without its metadata');
      const answered = await deps.invitations.respond(actor, { clientId: meta.c, calendarId: meta.k, eventId: meta.e, answer, ...(note ? { note } : {}) });
      const zone = await viewerZone(deps.directory, actor, answered.client.timeZone);
      if (meta.l === undefined) {
        await tell({ ...invitationAnswered({ ...answered, by: actor.userId, zone }), replace_original: true });
        return;
      }
      const line = answeredLine({ ...answered, clientName: answered.client.name, by: actor.userId });
      const rest = await deps.invitations.pendingInvitations(actor, meta.l === '*' ? undefined : meta.l).catch((err: unknown) => {
        logFailure(log, err, 'could not read the invitations again after an answer');
        return null;
      });
      await tell({ ...(rest ? invitationsList(rest, zone, meta.l, line) : { text: line, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: line } }] }), replace_original: true });
    } catch (err) {
      logFailure(log, err, 'answering an invitation failed');
      await tell(errorMessage(err));
    }
  };
}
