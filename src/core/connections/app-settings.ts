import type { ClientService } from '../clients/service.js';
import type { Actor, Client } from '../clients/types.js';
import { CoreError } from '../errors.js';
import type { ConnectionStore } from './ports.js';
import type { OwnAppSettings } from './types.js';

export interface AppSettingsDeps {
  store: ConnectionStore;
  clients: Pick<ClientService, 'get'>;
}

/** A client's own Google OAuth app, set or dropped by someone who manages the client; the secret is never read back. */
export function createAppSettings({ store, clients }: AppSettingsDeps) {
  async function ownApp(actor: Actor, clientId: string) {
    const client = await clients.get(actor, clientId);
    const own = await store.getOwnApp(actor.teamId, client.id);
    return { client, app: own ? { googleClientId: own.googleClientId, accessLevel: own.accessLevel, hasSecret: true } : null };
  }

  async function saveOwnApp(actor: Actor, clientId: string, settings: OwnAppSettings): Promise<Client> {
    const client = await clients.get(actor, clientId);
    const existing = await store.getOwnApp(actor.teamId, client.id);
    if (!existing && !settings.clientSecret) throw new CoreError('app_secret_missing', {});
    await store.saveOwnApp(actor.teamId, client.id, settings, {
      teamId: actor.teamId,
      actorId: actor.userId,
      action: 'google.app.save',
      entityType: 'client',
      entityId: client.id,
      details: { googleClientId: settings.googleClientId, accessLevel: settings.accessLevel, secretChanged: Boolean(settings.clientSecret) },
    });
    return client;
  }

  async function useDefaultApp(actor: Actor, clientId: string): Promise<Client> {
    const client = await clients.get(actor, clientId);
    await store.deleteOwnApp(actor.teamId, client.id, {
      teamId: actor.teamId,
      actorId: actor.userId,
      action: 'google.app.remove',
      entityType: 'client',
      entityId: client.id,
    });
    return client;
  }

  return { ownApp, saveOwnApp, useDefaultApp };
}
