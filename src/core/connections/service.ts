import type { ClientService } from '../clients/service.js';
import { createAppSettings } from './app-settings.js';
import { createCallback } from './callback.js';
import { createDisconnect } from './disconnect.js';
import { createLinks } from './links.js';
import type { AppFor } from './oauth-app.js';
import type { ConnectionNotifier, ConnectionStore, GoogleOAuth } from './ports.js';
import type { Revoker } from './revocations.js';
import type { TokenManager } from './tokens.js';

export interface ConnectionServiceDeps {
  store: ConnectionStore;
  oauth: GoogleOAuth;
  notifier: ConnectionNotifier;
  clients: ClientService;
  /** Told when a client's tokens are replaced or deleted, to drop what it keeps in memory. */
  tokens: Pick<TokenManager, 'forget'>;
  /** Revokes the grants we stop using, retrying those Google does not confirm. */
  revoker: Revoker;
  /** Which Google OAuth app a client's connection goes through (oauth-app.ts). */
  appFor: AppFor;
  publicUrl: string;
  linkTtlMs: number;
  now?: () => Date;
  /** Told before a client's Google access ends (disconnect, removal), while its tokens still work. */
  accessEnding?: (teamId: string, clientId: string) => Promise<void>;
}

export type ConnectionService = ReturnType<typeof createConnectionService>;

/** A client's Google connection, from the link issued in Slack to its revocation; each part lives in its own file. */
export function createConnectionService(deps: ConnectionServiceDeps) {
  const now = deps.now ?? (() => new Date());
  const redirectUri = `${deps.publicUrl}/oauth/google/callback`;
  const { appFor } = deps;
  const links = createLinks({ ...deps, appFor, redirectUri, now });
  const callback = createCallback({ ...deps, appFor, redirectUri, now });
  return {
    ...links,
    ...callback,
    ...createDisconnect(deps),
    ...createAppSettings(deps),
    redirectUri,
    retryRevocations: deps.revoker.retryDue,
  };
}
