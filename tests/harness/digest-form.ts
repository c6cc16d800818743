// The digest modal (Home tab → Daily digest) as Slack submits it.
import type { Actor } from './slack-requests.js';

/** The view of a `view_submission` of the digest modal: turned on, at `time` ("HH:mm", Slack's timepicker). */
export function digestFormView(user: Actor, time: string) {
  return {
    id: `V0DIG${user.userId}`,
    callback_id: 'digest_settings',
    private_metadata: '',
    state: { values: { digest_on: { value: { type: 'checkboxes', selected_options: [{ value: 'on' }] } }, digest_time: { value: { type: 'timepicker', selected_time: time } } } },
  };
}
