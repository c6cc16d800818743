import type { Subcommand } from './types.js';
import { helpMessage } from '../views/help.js';

export const help: Subcommand = {
  name: 'help',
  summary: 'Show this list of commands',
  run: async (ctx) => ctx.reply(helpMessage(ctx.subcommands)),
};
