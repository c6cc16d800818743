import type { ClientService } from '../clients/service.js';
import type { Actor, Client } from '../clients/types.js';
import { CoreError } from '../errors.js';
import type { ConnectionStore } from './ports.js';
import type { Revoker, RevokeOutcome } from './revocations.js';
import type { TokenManager } from './tokens.js';

export interface DisconnectDeps {
  store: ConnectionStore;
  clients: Pick<ClientService, 'get' | 'remove'>;
  revoker: Pick<Revoker, 'revoke' | 'later'>;
  tokens: Pick<TokenManager, 'forget'>;
  /** Told before the client's Google access ends, while its tokens still work (the change feed stops its channels). */
  accessEnding?: (teamId: string, clientId: string) => Promise<void>;
}

/** Ending a client's connection: on request (revoked now), or with the client itself (revoked in the background). */
export function createDisconnect({ store, clients, revoker, tokens, accessEnding }: DisconnectDeps) {
  /**
   * Revokes the grant at Google (or leaves it to the retries when Google does not confirm) and
   * deletes the stored tokens either way: the user asked for them to go.
   */
  async function disconnect(actor: Actor, clientId: string): Promise<{ client: Client; revocation: RevokeOutcome }> {
    const client = await clients.get(actor, clientId);
    const connection = await store.get(actor.teamId, client.id);
    if (!connection) throw new CoreError('already_disconnected', { clientName: client.name });
    await accessEnding?.(actor.teamId, client.id);
    const revocation = await revoker.revoke({
      teamId: actor.teamId,
      clientId: client.id,
      googleEmail: connection.googleEmail,
      reason: 'disconnect',
      token: connection.refreshToken,
    });
    await store.delete(actor.teamId, client.id, {
      teamId: actor.teamId,
      actorId: actor.userId,
      action: 'google.disconnect',
      entityType: 'client',
      entityId: client.id,
      details: { googleEmail: connection.googleEmail, revocation },
    });
    tokens.forget(actor.teamId, client.id);
    return { client, revocation };
  }

  /**
   * Removes a client and leaves its grant, if any, to be revoked by the next background pass
   * (removal answers a Slack modal within its 3 s; Google may take longer).
   */
  async function removeClient(actor: Actor, clientId: string): Promise<Client> {
    const client = await clients.get(actor, clientId);
    const connection = await store.get(actor.teamId, client.id);
    if (connection) await accessEnding?.(actor.teamId, client.id);
    const removed = await clients.remove(actor, client.id);
    if (connection) {
      await revoker.later({ teamId: actor.teamId, clientId: client.id, googleEmail: connection.googleEmail, reason: 'remove', token: connection.refreshToken });
    }
    tokens.forget(actor.teamId, client.id);
    return removed;
  }

  return { disconnect, removeClient };
}
