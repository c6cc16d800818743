import { openAnswerForm, type RsvpDeps } from '../../forms/rsvp-form.js';

/** Accept on an invitation: opens the answer modal with Accept chosen. */
export const rsvpAcceptAction = (deps: RsvpDeps) => openAnswerForm(deps, 'accepted');
