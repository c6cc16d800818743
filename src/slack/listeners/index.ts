import type { App } from '@slack/bolt';
import type { SlackDeps } from '../deps.js';
import * as commands from './commands/index.js';
import * as actions from './actions/index.js';
import * as views from './views/index.js';
import * as events from './events/index.js';
import * as options from './options/index.js';
import * as shortcuts from './shortcuts/index.js';
import * as imports from './imports/index.js';

export function registerListeners(app: App, deps: SlackDeps): void {
  commands.register(app, deps);
  actions.register(app, deps);
  views.register(app, deps);
  events.register(app, deps);
  options.register(app, deps);
  shortcuts.register(app, deps);
  imports.register(app, deps);
}
