import { openAnswerForm, type RsvpDeps } from '../../forms/rsvp-form.js';

/** Decline on an invitation: opens the answer modal with Decline chosen. */
export const rsvpDeclineAction = (deps: RsvpDeps) => openAnswerForm(deps, 'declined');
