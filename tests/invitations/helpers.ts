// Answering an invitation the way Slack drives it: a button press opens the answer modal,
// its submission answers; the message the button was on is replaced through its response_url.
import type { TestApp } from '../harness/app.js';
import type { Actor } from '../harness/slack-requests.js';
import { nextModal } from '../harness/modals.js';
import type { Control } from '../harness/visible.js';
import type { SentView } from '../fakes/slack.js';

export type Answer = 'accepted' | 'tentative' | 'declined';
export const ACTION_OF: Record<Answer, string> = { accepted: 'rsvp_accept', tentative: 'rsvp_maybe', declined: 'rsvp_decline' };

/** Presses an invitation's button as `actor`; resolves with the modal that replaced the loading one. */
export async function press(t: TestApp, actor: Actor, button: Pick<Control, 'actionId' | 'value' | 'blockId'>, responseUrl: string): Promise<SentView> {
  const since = t.slack.calls.length;
  await t.requests.blockAction(
    actor,
    { type: 'button', action_id: button.actionId, block_id: button.blockId ?? 'rsvp', value: button.value, text: { type: 'plain_text', text: 'x' } },
    { response_url: responseUrl, container: { type: 'message', is_ephemeral: true } },
  );
  return nextModal(t, since);
}

/** Submits the answer modal with `answer` chosen and `note` typed (null: left empty). */
export function submitAnswer(t: TestApp, actor: Actor, modal: { private_metadata?: string }, answer: Answer, note: string | null) {
  return t.requests.viewSubmission(actor, {
    id: `V${Math.random().toString(36).slice(2, 10).toUpperCase()}`,
    callback_id: 'rsvp_modal',
    private_metadata: modal.private_metadata ?? '',
    state: {
      values: {
        rsvp_answer: { value: { type: 'radio_buttons', selected_option: { value: answer, text: { type: 'plain_text', text: answer } } } },
        rsvp_note: { value: { type: 'plain_text_input', value: note } },
      },
    },
  });
}
