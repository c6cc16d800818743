import type { Subcommand } from './types.js';
import { parseExportCommand } from '../../core/exports/command.js';
import { exportQueuedMessage } from '../views/export.js';

export const exportCalendar: Subcommand = {
  name: 'export',
  args: '[client] [calendar] [when] [csv]',
  summary: 'A client\u2019s calendar as an .ics (or .csv) file in your DM, series kept as series (default: your default client, primary calendar, 90 days from today)',
  async run(ctx) {
    const job = await ctx.deps.exports.request(ctx.actor, parseExportCommand(ctx.args));
    await ctx.reply(exportQueuedMessage(job));
  },
};
