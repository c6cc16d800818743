// What the access log and the listener metrics call a Slack request: its kind and the command or
// action id it was for. Ids come from the app's own lists (bounded); anything else is `other`,
// so a crafted action_id can neither grow the metrics nor write what it likes into the log.
import type { SlackBody } from './ingress/parse.js';
import { requestKind, type RequestKind } from './ingress/parse.js';
import { ids } from './forms/ids.js';
import { bulkActions } from './views/bulk.js';
import { allSubcommands } from './commands/index.js';
import { importIds } from './views/imports.js';

const strings = (o: unknown): string[] => (typeof o === 'string' ? [o] : typeof o === 'object' && o ? Object.values(o).flatMap(strings) : []);
const KNOWN_IDS = new Set([...strings(ids), ...Object.values(bulkActions), ...strings(importIds), 'ev_tz']);
const KNOWN_EVENTS = new Set(['app_home_opened', 'user_change', 'message']);
// Longest first: "client add" before "client".
const SUBCOMMANDS = allSubcommands().map((s) => s.name).sort((a, b) => b.length - a.length);

const known = (id: unknown): string => {
  if (typeof id !== 'string') return 'other';
  // Some action ids carry a value after a colon (home_page:2).
  const base = id.split(':')[0] ?? '';
  return KNOWN_IDS.has(base) ? base : 'other';
};

function subcommandOf(text: unknown): string {
  const words = (typeof text === 'string' ? text : '').trim().toLowerCase().replace(/\s+/g, ' ');
  if (words === '') return 'help';
  return SUBCOMMANDS.find((name) => words === name || words.startsWith(`${name} `)) ?? 'other';
}

const first = (list: unknown): Record<string, unknown> => (Array.isArray(list) && typeof list[0] === 'object' && list[0] ? (list[0] as Record<string, unknown>) : {});
const field = (o: unknown, key: string): unknown => (typeof o === 'object' && o ? (o as Record<string, unknown>)[key] : undefined);

export function listenerLabels(body: SlackBody): { kind: RequestKind; id: string } {
  const kind = requestKind(body);
  switch (kind) {
    case 'command':
      return { kind, id: subcommandOf(body.text) };
    case 'block_action':
      return { kind, id: known(first(body.actions).action_id) };
    case 'options':
      return { kind, id: known(body.action_id ?? body.block_id) };
    case 'view_submission':
    case 'view_closed':
      return { kind, id: known(field(body.view, 'callback_id')) };
    case 'shortcut':
      return { kind, id: known(body.callback_id) };
    case 'event': {
      const type = field(body.event, 'type');
      return { kind, id: typeof type === 'string' && KNOWN_EVENTS.has(type) ? type : 'other' };
    }
    case 'other':
      return { kind, id: 'other' };
  }
}
