import type { App } from '@slack/bolt';
import { ids } from '../../ids.js';
import { timeZoneOptionsListener } from './time-zone.js';

export function register(app: App): void {
  // The client form's and the event form's time zone selects share the action id.
  app.options({ action_id: ids.actions.timeZone }, timeZoneOptionsListener);
  app.options({ block_id: 'ev_tz' }, timeZoneOptionsListener);
}
