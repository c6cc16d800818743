import type { Subcommand } from './types.js';
import { openThenFill } from '../messaging/modals.js';
import { importModalFor } from '../forms/import-modal.js';
import { clientRefArg } from './client.js';

export const importFile: Subcommand = {
  name: 'import',
  args: '[client]',
  summary: 'Import events from an iCalendar (.ics) or CSV file (or upload the file in a DM to the app with "import <client>")',
  async run(ctx) {
    const name = clientRefArg(ctx);
    // The modal opens at once (the trigger lives 3 s); the client and its calendars come after.
    await openThenFill(ctx.client, ctx.log, ctx.command.trigger_id, 'Import events', () => importModalFor(ctx.deps, ctx.actor, { name }));
  },
};
