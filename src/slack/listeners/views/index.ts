import type { App } from '@slack/bolt';
import type { SlackDeps } from '../../deps.js';
import { ids } from '../../forms/ids.js';
import { clientModalSubmission } from './client-modal.js';
import { clientRemoveSubmission } from './client-remove.js';
import { clientDisconnectSubmission } from './client-disconnect.js';
import { clientGoogleSubmission } from './client-google.js';
import { eventModalSubmission } from './event-modal.js';
import { eventDeleteSubmission } from './event-delete.js';
import { digestSubmission } from './digest.js';
import { bulkMoveSubmission } from './bulk-move.js';
import { rsvpSubmission } from './rsvp.js';

export function register(app: App, deps: SlackDeps): void {
  app.view(ids.views.clientModal, clientModalSubmission(deps));
  app.view(ids.views.clientRemove, clientRemoveSubmission(deps));
  app.view(ids.views.clientDisconnect, clientDisconnectSubmission(deps));
  app.view(ids.views.clientGoogle, clientGoogleSubmission(deps));
  app.view(ids.views.eventModal, eventModalSubmission(deps));
  app.view(ids.views.eventDelete, eventDeleteSubmission(deps));
  app.view(ids.views.digest, digestSubmission(deps));
  app.view(ids.views.bulkMove, bulkMoveSubmission(deps));
  app.view(ids.views.rsvp, rsvpSubmission(deps));
}
