import { closestMatches } from '../../shared/similar.js';
import type { Client } from './types.js';

export type Resolution =
  | { kind: 'found'; client: Client }
  | { kind: 'ambiguous'; candidates: Client[] }
  | { kind: 'notFound'; suggestions: string[] };

/**
 * Finds the client a user means: exact slug, then exact name (any case),
 * then a unique prefix of a slug or name. Quotes around the reference are
 * the caller's business (see splitArgs).
 */
export function resolveClient(ref: string, clients: readonly Client[]): Resolution {
  const needle = ref.trim().toLocaleLowerCase('en');
  if (!needle) return { kind: 'notFound', suggestions: [] };
  const bySlug = clients.find((c) => c.slug === needle);
  if (bySlug) return { kind: 'found', client: bySlug };
  const byName = clients.filter((c) => c.name.toLocaleLowerCase('en') === needle);
  if (byName.length === 1) return { kind: 'found', client: byName[0]! };
  const prefixed = clients.filter(
    (c) => c.slug.startsWith(needle) || c.name.toLocaleLowerCase('en').startsWith(needle),
  );
  if (prefixed.length === 1) return { kind: 'found', client: prefixed[0]! };
  if (prefixed.length > 1) return { kind: 'ambiguous', candidates: prefixed };
  return { kind: 'notFound', suggestions: closestMatches(needle, clients.map((c) => c.name)) };
}
