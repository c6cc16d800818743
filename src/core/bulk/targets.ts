import type { ClientService } from '../clients/service.js';
import type { Actor, Client } from '../clients/types.js';
import { MAX_CLIENTS_NAMED, tooManyClientsNamed } from '../clients/resolve.js';
import { NotFoundError } from '../errors.js';
import { nextArg } from '../text/args.js';

/** The clients a bulk command names and the event text after them, or why there are none (worded by the caller). */
export type BulkTargets =
  | { kind: 'clients'; clients: Client[]; text: string }
  /** `all`, and the user manages no client. */
  | { kind: 'none_managed' }
  /** The first word names no client this user may see. */
  | { kind: 'no_client_first'; error: NotFoundError };

/**
 * The clients named before the event text, and the text. `all` is every client the user
 * manages; otherwise words are clients until the first one that isn't. A word naming a client
 * the user doesn't manage, or several clients, is an error rather than part of the title.
 */
export async function bulkTargets(clients: Pick<ClientService, 'list' | 'resolve'>, actor: Actor, args: string): Promise<BulkTargets> {
  const first = nextArg(args, 0);
  if (first && first.word.toLowerCase() === 'all') {
    const all = await clients.list(actor);
    return all.length ? { kind: 'clients', clients: all, text: args.slice(first.end).trim() } : { kind: 'none_managed' };
  }
  const named: Client[] = [];
  let pos = 0;
  for (let w = first, count = 0; w; w = nextArg(args, pos)) {
    try {
      const client = await clients.resolve(actor, w.word);
      if (++count > MAX_CLIENTS_NAMED) throw tooManyClientsNamed();
      if (!named.some((c) => c.id === client.id)) named.push(client);
      pos = w.end;
    } catch (err) {
      if (!(err instanceof NotFoundError)) throw err;
      if (!named.length) return { kind: 'no_client_first', error: err };
      break;
    }
  }
  return { kind: 'clients', clients: named, text: args.slice(pos).trim() };
}
