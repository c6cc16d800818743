import type { App } from '@slack/bolt';
import type { SlackDeps } from '../../deps.js';
import { calstackCommand } from './calstack.js';

export function register(app: App, deps: SlackDeps): void {
  app.command('/calstack', calstackCommand(deps));
}
