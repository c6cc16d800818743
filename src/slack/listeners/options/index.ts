import type { App } from '@slack/bolt';
import { ids } from '../../ids.js';
import { timeZoneOptionsListener } from './time-zone.js';

export function register(app: App): void {
  app.options({ action_id: ids.actions.timeZone }, timeZoneOptionsListener);
}
