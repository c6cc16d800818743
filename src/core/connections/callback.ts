import type { ClientService } from '../clients/service.js';
import { CoreError, refTo } from '../errors.js';
import { refusalOf } from './authorization-errors.js';
import { hashToken } from './links.js';
import type { AppFor } from './oauth-app.js';
import type { ConnectionNotifier, ConnectionStore, GoogleOAuth } from './ports.js';
import type { Revoker } from './revocations.js';
import type { TokenManager } from './tokens.js';
import { SCOPES } from './types.js';

export interface CallbackDeps {
  store: ConnectionStore;
  oauth: Pick<GoogleOAuth, 'exchangeCode'>;
  notifier: ConnectionNotifier;
  clients: Pick<ClientService, 'getInternal'>;
  tokens: Pick<TokenManager, 'forget'>;
  revoker: Pick<Revoker, 'revoke'>;
  appFor: AppFor;
  redirectUri: string;
  now: () => Date;
}

/** The failures after the state checked out: the person who sent the link hears of them in Slack too. */
type CallbackFailure = 'authorization_no_code' | 'authorization_exchange_failed' | 'authorization_offline_refused' | 'authorization_scopes_missing' | 'authorization_no_email';

/** Google sent the browser back. Nothing is stored unless everything checks out. */
export function createCallback(deps: CallbackDeps) {
  const { store, notifier, now } = deps;

  async function complete(params: { state?: string; code?: string; error?: string }): Promise<{ clientName: string; email: string }> {
    if (!params.state) throw new CoreError('callback_without_state', {});
    const { consumed, existing, linkUsed } = await store.consumeState(hashToken(params.state), now());
    if (!consumed) {
      if (existing?.usedAt) throw new CoreError('authorization_finished', {});
      if (existing && linkUsed) throw new CoreError('link_spent', {});
      if (existing) throw new CoreError('authorization_expired', {});
      throw new CoreError('authorization_unknown', {});
    }
    const client = await deps.clients.getInternal(consumed.teamId, consumed.clientId);
    if (!client) throw new CoreError('authorization_client_gone', {});
    const about = refTo(client);
    const fail = async (error: CoreError<CallbackFailure | 'authorization_refused'>): Promise<never> => {
      await notifier.failed({ teamId: consumed.teamId, userId: consumed.requestedBy, clientName: client.name, error });
      throw error;
    };
    const failWith = (code: CallbackFailure) => fail(new CoreError(code, about));
    if (params.error) return fail(new CoreError('authorization_refused', { ...about, refusal: refusalOf(params.error) }));
    if (!params.code) return failWith('authorization_no_code');
    const app = await deps.appFor(consumed.teamId, consumed.clientId);
    let tokens;
    try {
      tokens = await deps.oauth.exchangeCode({ app, redirectUri: deps.redirectUri, code: params.code, codeVerifier: consumed.codeVerifier });
    } catch {
      return failWith('authorization_exchange_failed');
    }
    if (!tokens.refreshToken) return failWith('authorization_offline_refused');
    const missing = SCOPES[app.accessLevel].filter((s) => !tokens.scopes.includes(s));
    if (missing.length) return failWith('authorization_scopes_missing');
    if (!tokens.email) return failWith('authorization_no_email');
    const saved = await store.save(
      {
        teamId: consumed.teamId,
        clientId: consumed.clientId,
        linkId: consumed.linkId,
        googleEmail: tokens.email,
        oauthClientId: app.clientId,
        tokens: { accessToken: tokens.accessToken, refreshToken: tokens.refreshToken, expiresAt: tokens.expiresAt, scopes: tokens.scopes },
        connectedBy: consumed.requestedBy,
      },
      { teamId: consumed.teamId, actorId: consumed.requestedBy, action: 'google.connect', entityType: 'client', entityId: consumed.clientId, details: { googleEmail: tokens.email, scopes: tokens.scopes } },
    );
    const grant = { teamId: consumed.teamId, clientId: consumed.clientId };
    if (!saved.saved) {
      // Another authorization from the same link finished first and is kept. This one's grant is
      // revoked unless it is that same grant (one account through one OAuth client is one grant
      // at Google, and revoking either token would end both).
      const kept = await store.get(consumed.teamId, consumed.clientId);
      if (kept?.googleEmail !== tokens.email || kept.oauthClientId !== app.clientId) {
        await deps.revoker.revoke({ ...grant, googleEmail: tokens.email, reason: 'stale', token: tokens.refreshToken });
      }
      throw new CoreError('link_spent', {});
    }
    deps.tokens.forget(consumed.teamId, consumed.clientId);
    const old = saved.replaced;
    // The replaced grant is revoked once the new tokens are stored, unless it is the same grant
    // (same account, same OAuth client): Google would end the new connection with it. Unknown
    // issuing client (rows from before it was kept): the same account is taken as the same grant.
    if (old && old.refreshToken !== tokens.refreshToken && (old.googleEmail !== tokens.email || (old.oauthClientId !== null && old.oauthClientId !== app.clientId))) {
      await deps.revoker.revoke({ ...grant, googleEmail: old.googleEmail, reason: 'reconnect', token: old.refreshToken });
    }
    await notifier.connected({ teamId: consumed.teamId, userId: consumed.requestedBy, clientId: client.id, clientName: client.name, email: tokens.email });
    return { clientName: client.name, email: tokens.email };
  }

  return { complete };
}
