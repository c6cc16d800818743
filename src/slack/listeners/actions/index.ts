import type { App } from '@slack/bolt';
import type { SlackDeps } from '../../deps.js';
import { ids } from '../../ids.js';
import { clientMenuAction } from './client-menu.js';
import { addClientAction } from './add-client.js';
import { homePageAction } from './home-page.js';
import { connectClientAction, linkButtonAction } from './connect-client.js';
import { calendarsRefreshAction } from './calendars-refresh.js';

export function register(app: App, deps: SlackDeps): void {
  app.action(ids.actions.clientMenu, clientMenuAction(deps));
  app.action(ids.actions.addClient, addClientAction(deps));
  app.action(new RegExp(`^${ids.actions.homePage}:`), homePageAction(deps));
  app.action(ids.actions.homeRefresh, homePageAction(deps));
  app.action(ids.actions.connectClient, connectClientAction(deps));
  app.action(ids.actions.authorizeLink, linkButtonAction);
  app.action(ids.actions.calendarsRefresh, calendarsRefreshAction(deps));
}
