import type { Subcommand } from './types.js';
import { helpMessage } from '../views/help.js';
import { jobsAdminMessage } from '../views/jobs-admin.js';

/** What `/calstack admin …` can show; core refuses anyone who is not an admin. */
const ADMIN_SUBCOMMANDS: readonly Subcommand[] = [
  {
    name: 'admin jobs',
    summary: 'Background jobs per queue (queued, active, failed, dead-lettered) and the dead-lettered ones, each with Retry',
    run: async (ctx) => ctx.reply(jobsAdminMessage(await ctx.deps.jobs.overview(ctx.actor))),
  },
];

/** `/calstack admin <what>`; anything else after `admin` lists what there is. */
export const admin: Subcommand = {
  name: 'admin',
  args: 'jobs',
  summary: 'For admins: the background jobs, and Retry for those that failed',
  async run(ctx) {
    const word = ctx.args.trim().split(/\s+/)[0]?.toLowerCase() ?? '';
    const sub = ADMIN_SUBCOMMANDS.find((s) => s.name === `admin ${word}`);
    if (sub) return sub.run(ctx);
    await ctx.reply(helpMessage(ADMIN_SUBCOMMANDS, word ? { unknown: `admin ${word}` } : {}));
  },
};
