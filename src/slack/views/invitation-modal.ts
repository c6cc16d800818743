import type { ModalView, PlainTextOption } from '@slack/types';
import { NOTE_MAX, type Answer, type AnswerScope } from '../../core/invitations/types.js';
import type { CalendarEvent } from '../../core/events/types.js';
import { ids } from '../forms/ids.js';
import { rsvpBlocks, type RsvpMeta } from '../forms/rsvp.js';
import { invitationDetails } from './invitation.js';

const OPTIONS: Record<Answer, PlainTextOption> = {
  accepted: { text: { type: 'plain_text', text: 'Accept' }, value: 'accepted' },
  tentative: { text: { type: 'plain_text', text: 'Maybe' }, value: 'tentative' },
  declined: { text: { type: 'plain_text', text: 'Decline' }, value: 'declined' },
};

/** Answering an invitation: the answer pressed (changeable) and an optional note to the organizer. */
export function answerModal(input: { meta: RsvpMeta; clientName: string; event: CalendarEvent; zone: string; scope: AnswerScope }): ModalView {
  return {
    type: 'modal',
    callback_id: ids.views.rsvp,
    private_metadata: JSON.stringify(input.meta),
    title: { type: 'plain_text', text: 'Answer invitation' },
    submit: { type: 'plain_text', text: 'Send answer' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: invitationDetails(input) } },
      {
        type: 'input',
        block_id: rsvpBlocks.answer,
        label: { type: 'plain_text', text: 'Answer' },
        element: { type: 'radio_buttons', action_id: 'value', options: Object.values(OPTIONS), initial_option: OPTIONS[input.meta.a] },
      },
      {
        type: 'input',
        block_id: rsvpBlocks.note,
        optional: true,
        label: { type: 'plain_text', text: 'Note to the organizer' },
        hint: { type: 'plain_text', text: 'Google shows it beside the answer.' },
        element: { type: 'plain_text_input', action_id: 'value', multiline: true, max_length: NOTE_MAX },
      },
    ],
  };
}
