import type { Subcommand } from './types.js';
import { openThenFill } from '../messaging/modals.js';
import { importModal } from '../views/imports.js';
import { clientRefArg } from './client.js';

export const importFile: Subcommand = {
  name: 'import',
  args: '[client]',
  summary: 'Import events from an iCalendar (.ics) or CSV file (or upload the file in a DM to the app with "import <client>")',
  async run(ctx) {
    const ref = clientRefArg(ctx);
    const { actor, deps } = ctx;
    // The modal opens at once (the trigger lives 3 s); the client and its calendars come after.
    await openThenFill(ctx.client, ctx.log, ctx.command.trigger_id, 'Import events', async () => {
      // Resolved among the clients this user manages: any other is "not found", and nothing is read.
      const client = ref ? await deps.clients.resolve(actor, ref) : await deps.clients.defaultClient(actor);
      const clients = client ? [] : (await deps.clients.list(actor)).filter((c) => c.google.state === 'connected');
      const calendars = client ? (await deps.imports.targets(actor, client.id)).calendars : [];
      return importModal({ client, clients, calendars, sampleUrl: deps.importSampleUrl });
    });
  },
};
