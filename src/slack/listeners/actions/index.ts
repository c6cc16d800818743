import type { App } from '@slack/bolt';
import type { SlackDeps } from '../../deps.js';
import { ids } from '../../forms/ids.js';
import { clientMenuAction } from './client-menu.js';
import { addClientAction } from './add-client.js';
import { homePageAction } from './home-page.js';
import { connectClientAction, linkButtonAction } from './connect-client.js';
import { calendarsRefreshAction } from './calendars-refresh.js';
import { eventMenuAction } from './event-menu.js';
import { bulkActions, bulkCancelAction, bulkMoveAction, bulkRetryAction } from './bulk.js';
import { freeBookAction, homeAgendaAction } from './stack-buttons.js';
import { homeDigestAction } from './home-digest.js';
import { eventClientAction, eventEditAction, eventsMoreAction, eventUndoAction, newEventAction, quickUndoAction, splitUndoAction } from './event-buttons.js';

export function register(app: App, deps: SlackDeps): void {
  app.action(ids.actions.clientMenu, clientMenuAction(deps));
  app.action(ids.actions.addClient, addClientAction(deps));
  app.action(new RegExp(`^${ids.actions.homePage}:`), homePageAction(deps));
  app.action(ids.actions.homeRefresh, homePageAction(deps));
  app.action(ids.actions.connectClient, connectClientAction(deps));
  app.action(ids.actions.authorizeLink, linkButtonAction);
  app.action(ids.actions.calendarsRefresh, calendarsRefreshAction(deps));
  app.action(ids.actions.eventMenu, eventMenuAction(deps));
  app.action(ids.actions.eventsMore, eventsMoreAction(deps));
  app.action(ids.actions.eventUndo, eventUndoAction(deps));
  app.action(ids.actions.quickUndo, quickUndoAction(deps));
  app.action(ids.actions.splitUndo, splitUndoAction(deps));
  app.action(ids.actions.eventEdit, eventEditAction(deps));
  app.action(ids.actions.newEvent, newEventAction(deps));
  app.action(ids.actions.eventClient, eventClientAction(deps));
  app.action(ids.actions.freeBook, freeBookAction(deps));
  app.action(ids.actions.homeDigest, homeDigestAction(deps));
  app.action(new RegExp(`^${ids.actions.homeAgenda}:`), homeAgendaAction(deps));
  app.action(bulkActions.retry, bulkRetryAction(deps));
  app.action(bulkActions.cancel, bulkCancelAction(deps));
  app.action(bulkActions.move, bulkMoveAction(deps));
}
