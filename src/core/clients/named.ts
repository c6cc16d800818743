import type { ClientService } from './service.js';
import type { Actor, Client } from './types.js';
import { NotFoundError } from '../errors.js';
import { nextArg } from '../text/args.js';

/**
 * The client the first word of `args` names (a quoted name is one word) and the text after it;
 * null when that word names no client, or nothing follows it: the whole text is then the
 * caller's, for the default client. Any other failure (an ambiguous name) is the user's to see.
 */
export async function clientBeforeText(clients: Pick<ClientService, 'resolve'>, actor: Actor, args: string): Promise<{ client: Client; text: string } | null> {
  let first = nextArg(args, 0);
  // Empty quotes make no word, as splitArgs has it.
  while (first && !first.word) first = nextArg(args, first.end);
  if (!first) return null;
  try {
    const client = await clients.resolve(actor, first.word);
    const text = args.slice(first.end).trim();
    return text ? { client, text } : null;
  } catch (err) {
    if (err instanceof NotFoundError) return null;
    throw err;
  }
}
