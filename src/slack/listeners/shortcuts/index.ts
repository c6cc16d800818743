import type { App } from '@slack/bolt';
import type { SlackDeps } from '../../deps.js';
import { ids } from '../../forms/ids.js';
import { addToCalendarShortcut } from './add-to-calendar.js';
import { newEventShortcut } from './new-event.js';

export function register(app: App, deps: SlackDeps): void {
  app.shortcut({ type: 'message_action', callback_id: ids.shortcuts.addToCalendar }, addToCalendarShortcut(deps));
  app.shortcut({ type: 'shortcut', callback_id: ids.shortcuts.newEvent }, newEventShortcut(deps));
}
