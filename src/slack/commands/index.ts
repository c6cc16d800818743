// Every /calstack subcommand, in the order help lists them. Help is built
// from this list, so it always shows exactly what exists.
import type { Subcommand } from './types.js';
import { help } from './help.js';
import { clients } from './clients.js';
import { clientAdd, clientEdit, clientRemove } from './client.js';
import { use } from './use.js';

export function allSubcommands(): readonly Subcommand[] {
  return [help, clients, clientAdd, clientEdit, clientRemove, use];
}
