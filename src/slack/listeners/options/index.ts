import type { App } from '@slack/bolt';
import type { SlackDeps } from '../../deps.js';
import { ids } from '../../forms/ids.js';
import { timeZoneOptionsListener } from './time-zone.js';

export function register(app: App, deps: SlackDeps): void {
  // The client form's and the event form's time zone selects share the action id.
  const listener = timeZoneOptionsListener(deps);
  app.options({ action_id: ids.actions.timeZone }, listener);
  app.options({ block_id: 'ev_tz' }, listener);
}
