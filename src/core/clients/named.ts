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

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The client a free-form message names (its name or slug as whole words, ignoring case): the
 * earliest in the text, the longer name on a tie. A name that opens the message is the address
 * ("Acme: lunch Friday"), as in quick add, and leaves the text; anywhere else it is part of it.
 */
export function clientNamedIn(clients: readonly Client[], text: string): { client: Client; text: string } | null {
  let best: { client: Client; index: number; length: number } | null = null;
  for (const client of clients) {
    for (const word of new Set([client.name, client.slug])) {
      if (!word.trim()) continue;
      const m = new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(word)}(?![\\p{L}\\p{N}])`, 'iu').exec(text);
      if (m && (!best || m.index < best.index || (m.index === best.index && word.length > best.length))) best = { client, index: m.index, length: word.length };
    }
  }
  if (!best) return null;
  const leading = text.slice(0, best.index).trim() === '';
  return { client: best.client, text: leading ? text.slice(best.index + best.length).replace(/^\s*[:,\u2013\u2014-]?\s*/, '') : text };
}
