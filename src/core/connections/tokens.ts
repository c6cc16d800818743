import type { Client } from '../clients/types.js';
import { CoreError, refTo } from '../errors.js';
import { InvalidGrantError, type ConnectionNotifier, type ConnectionStore, type GoogleOAuth } from './ports.js';
import type { OAuthApp } from './types.js';
import type { Metrics } from '../metrics.js';
import type { OpsAlerts } from '../alerts.js';

export interface TokenManagerDeps {
  store: ConnectionStore;
  oauth: GoogleOAuth;
  notifier: ConnectionNotifier;
  appFor(teamId: string, clientId: string): Promise<OAuthApp>;
  client(teamId: string, clientId: string): Promise<Client | null>;
  metrics: Pick<Metrics, 'googleTokenRefreshes'>;
  /** Told of every invalid_grant (it deduplicates): the operator learns a client needs reconnecting. */
  alerts: OpsAlerts;
  now?: () => number;
  /** Refresh this long before the access token expires. */
  marginMs?: number;
}

export type TokenManager = ReturnType<typeof createTokenManager>;

const CACHE_MS = 60_000;

/**
 * Access tokens on demand. A token close to expiry is refreshed once for all
 * concurrent callers (single flight), and the new token is stored before anyone uses it.
 */
export function createTokenManager(deps: TokenManagerDeps) {
  const now = deps.now ?? Date.now;
  const margin = deps.marginMs ?? 60_000;
  const inflight = new Map<string, Promise<string>>();
  // Fresh tokens are kept in memory for a minute at most, so a burst of calls
  // for one client does not read and decrypt the same row again and again. A
  // token revoked meanwhile is caught by Google's 401, which comes back here
  // as `rejected`.
  const cache = new Map<string, { token: string; until: number }>();
  const remember = (key: string, token: string, expiresAt: Date | null) => {
    const until = Math.min((expiresAt?.getTime() ?? 0) - margin, now() + CACHE_MS);
    if (until > now()) cache.set(key, { token, until });
  };

  async function refresh(key: string, teamId: string, client: Client, refreshToken: string, scopes: string[]): Promise<string> {
    const app = await deps.appFor(teamId, client.id);
    try {
      const fresh = await deps.oauth.refresh({ app, refreshToken });
      // Google does not resend the refresh token (nor, often, the scopes): keep ours.
      await deps.store.updateTokens(teamId, client.id, {
        accessToken: fresh.accessToken,
        refreshToken: fresh.refreshToken ?? refreshToken,
        expiresAt: fresh.expiresAt,
        scopes: fresh.scopes ?? scopes,
      });
      remember(key, fresh.accessToken, fresh.expiresAt);
      deps.metrics.googleTokenRefreshes.inc({ outcome: 'ok' });
      return fresh.accessToken;
    } catch (err) {
      if (!(err instanceof InvalidGrantError)) {
        deps.metrics.googleTokenRefreshes.inc({ outcome: 'failed' });
        throw err;
      }
      deps.metrics.googleTokenRefreshes.inc({ outcome: 'invalid_grant' });
      deps.alerts.raise({ condition: 'needs_reconnect', teamId, clientId: client.id });
      if (await deps.store.markNeedsReconnect(teamId, client.id, err.reason)) {
        await deps.notifier
          .needsReconnect({ teamId, userIds: client.managers, clientId: client.id, clientName: client.name, reason: err.reason })
          .catch(() => undefined);
      }
      throw new CoreError('needs_reconnect', refTo(client));
    }
  }

  /**
   * A usable access token for the client's Google account. `rejected` is a
   * token Google just refused (401): it is refreshed, once for all callers.
   */
  async function accessToken(teamId: string, clientId: string, opts: { rejected?: string } = {}): Promise<string> {
    const key = `${teamId}:${clientId}`;
    /** The token kept in memory, unless it expired or is the one Google refused. */
    const kept = () => {
      const entry = cache.get(key);
      return entry && entry.until > now() && entry.token !== opts.rejected ? entry.token : undefined;
    };
    const cached = kept();
    if (cached) return cached;
    cache.delete(key);
    const running = inflight.get(key);
    if (running) return running;
    // The connection alone answers the usual case (its row goes with its client's); the client is
    // read only to word a refusal or to refresh: a cold 200-client agenda read 200 clients, their
    // managers and connections for nothing but a token each.
    const connection = await deps.store.get(teamId, clientId);
    const client = () =>
      deps.client(teamId, clientId).then((found) => {
        if (!found) throw new CoreError('client_gone', {});
        return found;
      });
    if (!connection) throw new CoreError('not_connected', refTo(await client()));
    if (connection.status === 'needs_reconnect') throw new CoreError('needs_reconnect', refTo(await client()));
    const fresh = connection.expiresAt && connection.expiresAt.getTime() - now() > margin;
    if (fresh && connection.accessToken !== opts.rejected) {
      remember(key, connection.accessToken, connection.expiresAt);
      return connection.accessToken;
    }
    // Another caller may have started, or even finished, a refresh while we read the row.
    const again = inflight.get(key);
    if (again) return again;
    const renewed = kept();
    if (renewed) return renewed;
    const work = client()
      .then((found) => refresh(key, teamId, found, connection.refreshToken, connection.scopes))
      .finally(() => inflight.delete(key));
    inflight.set(key, work);
    return work;
  }

  /** Drops what is kept in memory for a client (after a reconnect or a disconnect). */
  const forget = (teamId: string, clientId: string) => cache.delete(`${teamId}:${clientId}`);

  return { accessToken, forget };
}
