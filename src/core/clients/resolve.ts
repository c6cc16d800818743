import { closestMatches, MAX_COMPARED } from '../../shared/similar.js';
import type { Client } from './types.js';
import { CoreError } from '../errors.js';

export type Resolution =
  | { kind: 'found'; client: Client }
  | { kind: 'ambiguous'; candidates: Client[] }
  | { kind: 'notFound'; suggestions: string[] };

/** Client names longer than this name no client (names are at most 80 characters): not matched. */
const MAX_REFERENCE = MAX_COMPARED;

/**
 * Clients one command may name (`all` says more): each name costs a lookup, so this bounds what
 * one command can make the app do.
 */
export const MAX_CLIENTS_NAMED = 50;

export const tooManyClientsNamed = () => new CoreError('too_many_clients', { max: MAX_CLIENTS_NAMED });

/**
 * Finds the client a user means: exact slug, then exact name (any case),
 * then a unique prefix of a slug or name. Quotes around the reference are
 * the caller's business (see splitArgs).
 */
export function resolveClient(ref: string, clients: readonly Client[]): Resolution {
  const needle = ref.trim().toLocaleLowerCase('en');
  if (!needle || needle.length > MAX_REFERENCE) return { kind: 'notFound', suggestions: [] };
  const bySlug = clients.find((c) => c.slug === needle);
  if (bySlug) return { kind: 'found', client: bySlug };
  const byName = clients.filter((c) => c.name.toLocaleLowerCase('en') === needle);
  if (byName.length === 1 && byName[0]) return { kind: 'found', client: byName[0] };
  const prefixed = clients.filter(
    (c) => c.slug.startsWith(needle) || c.name.toLocaleLowerCase('en').startsWith(needle),
  );
  if (prefixed.length === 1 && prefixed[0]) return { kind: 'found', client: prefixed[0] };
  if (prefixed.length > 1) return { kind: 'ambiguous', candidates: prefixed };
  return { kind: 'notFound', suggestions: closestMatches(needle, clients.map((c) => c.name)) };
}
