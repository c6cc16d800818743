import type { App } from '@slack/bolt';
import type { SlackDeps } from '../../deps.js';
import { ids } from '../../ids.js';
import { clientModalSubmission } from './client-modal.js';
import { clientRemoveSubmission } from './client-remove.js';

export function register(app: App, deps: SlackDeps): void {
  app.view(ids.views.clientModal, clientModalSubmission(deps));
  app.view(ids.views.clientRemove, clientRemoveSubmission(deps));
}
