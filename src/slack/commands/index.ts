// Every /calstack subcommand, in the order help lists them. Help is built
// from this list, so it always shows exactly what exists.
import type { Subcommand } from './types.js';
import { help } from './help.js';
import { clients } from './clients.js';
import { clientAdd, clientEdit, clientGoogle, clientRemove } from './client.js';
import { connect, disconnect } from './connect.js';
import { use } from './use.js';
import { calendars } from './calendars.js';
import { events } from './events.js';
import { eventNew, quickAdd } from './event-new.js';
import { block } from './block.js';
import { agenda, conflicts, free } from './stack.js';
import { admin } from './admin.js';
import { invites } from './invites.js';
import { feed } from './feed.js';
import { exportCalendar } from './export.js';
import { importFile } from './import.js';

export function allSubcommands(): readonly Subcommand[] {
  return [help, clients, clientAdd, clientEdit, clientRemove, clientGoogle, connect, disconnect, use, calendars, events, eventNew, quickAdd, agenda, conflicts, free, block, invites, feed, importFile, exportCalendar, admin];
}
