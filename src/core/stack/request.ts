import type { ClientService } from '../clients/service.js';
import type { Directory } from '../clients/ports.js';
import type { Actor } from '../clients/types.js';
import { MAX_CLIENTS_NAMED, tooManyClientsNamed } from '../clients/resolve.js';
import { viewerZone } from '../clients/zone.js';
import { parseDuration, DURATION_PATTERN } from '../events/duration.js';
import { CoreError } from '../errors.js';
import { splitArgs } from '../text/args.js';
import { parseWhen, splitWhen } from '../events/when.js';

export interface StackRequestDeps {
  clients: Pick<ClientService, 'resolve'>;
  directory: Pick<Directory, 'profile'>;
}

/** What a stacked view is asked for: which clients (none = all this user manages), which range, in which zone. */
export interface StackRequest {
  clientIds: string[];
  range: { start: Date; end: Date; label: string };
  zone: string;
}

/**
 * Reads "[clients…] [when]": the clients named before the range (`all` names nobody, so every
 * client), the range in the viewer's zone (their profile's, else the first client's).
 */
export async function parseStackRequest(deps: StackRequestDeps, actor: Actor, text: string, now: Date, defaultDays = 7): Promise<StackRequest> {
  const { rest, when } = splitWhen(splitArgs(text));
  const named = rest.filter((w) => w.toLowerCase() !== 'all');
  if (named.length > MAX_CLIENTS_NAMED) throw tooManyClientsNamed();
  const clients = await Promise.all(named.map((ref) => deps.clients.resolve(actor, ref)));
  const zone = await viewerZone(deps.directory, actor, clients[0]?.timeZone ?? 'UTC');
  const range = parseWhen(when, { now, zone, defaultDays });
  if ('error' in range) throw new CoreError('invalid_input', { reason: range.error });
  return { clientIds: clients.map((c) => c.id), range, zone };
}

const FOR_DURATION = new RegExp(`\\bfor\\s+(${DURATION_PATTERN})\\s*$`, 'i');

/** A free-time request's trailing "for <duration>" (30 minutes when left out) and the text before it. */
export function splitFreeDuration(text: string): { text: string; minMinutes: number } {
  const match = FOR_DURATION.exec(text);
  const minMinutes = match ? parseDuration(match[1] ?? '') : 30;
  if (!minMinutes) throw new CoreError('duration_unreadable', {});
  return { text: match ? text.slice(0, match.index) : text, minMinutes };
}
