import { openAnswerForm, type RsvpDeps } from '../../forms/rsvp-form.js';

/** Maybe on an invitation: opens the answer modal with Maybe chosen. */
export const rsvpMaybeAction = (deps: RsvpDeps) => openAnswerForm(deps, 'tentative');
