import type { App } from '@slack/bolt';
import type { SlackDeps } from '../../deps.js';
import { appHomeOpened } from './app-home-opened.js';
import { userChange } from './user-change.js';
import { linkShared } from './link-shared.js';

export function register(app: App, deps: SlackDeps): void {
  app.event('app_home_opened', appHomeOpened(deps));
  app.event('user_change', userChange(deps));
  app.event('link_shared', linkShared(deps));
}
