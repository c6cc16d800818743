import type { ModalView } from '@slack/types';
import type { Actor } from '../../core/clients/types.js';
import type { SlackDeps } from '../deps.js';
import { importModal } from '../views/imports.js';
import { CoreError } from '../../core/errors.js';

type Deps = Pick<SlackDeps, 'clients' | 'imports' | 'importSampleUrl'>;

/**
 * The import modal for `actor`: into the client named (or chosen), else the user's default one,
 * else a choice among the connected clients they manage. Resolved among the clients this user
 * manages: any other is "not found", and nothing is read.
 */
export async function importModalFor(deps: Deps, actor: Actor, ref: { name?: string | null; id?: string | null }): Promise<ModalView> {
  const client = ref.id ? await deps.clients.get(actor, ref.id) : ref.name ? await deps.clients.resolve(actor, ref.name) : await deps.clients.defaultClient(actor);
  const clients = client ? [] : (await deps.clients.list(actor)).filter((c) => c.google.state === 'connected');
  if (!client && clients.length === 0) throw new CoreError('invalid_input', { reason: 'None of the clients you manage has a Google account connected. Connect one first (`/calstack connect <client>`).' });
  const calendars = client ? (await deps.imports.targets(actor, client.id)).calendars : [];
  return importModal({ client, clients, calendars, sampleUrl: deps.importSampleUrl });
}
