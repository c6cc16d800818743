import type { App } from '@slack/bolt';
import type { SlackDeps } from '../../deps.js';
import { importIds } from '../../views/imports.js';
import { importSubmission } from './submission.js';
import { dmUpload } from './dm-upload.js';
import { importCancelAction, importRetryAction, importValidAction } from './buttons.js';
import { homeImportAction } from './home-button.js';
import { importClientChosen } from './client-chosen.js';

export function register(app: App, deps: SlackDeps): void {
  app.view(importIds.view, importSubmission(deps));
  app.event('message', dmUpload(deps));
  app.action(importIds.actions.cancel, importCancelAction(deps));
  app.action(importIds.actions.retry, importRetryAction(deps));
  app.action(importIds.actions.importValid, importValidAction(deps));
  app.action(importIds.actions.home, homeImportAction(deps));
  app.action(importIds.actions.client, importClientChosen(deps));
}
