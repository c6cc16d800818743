import { createHash, randomBytes } from 'node:crypto';
import type { ClientService } from '../clients/service.js';
import type { Actor, Client } from '../clients/types.js';
import { UserFacingError } from '../errors.js';
import type { ConnectionNotifier, ConnectionStore, GoogleOAuth } from './ports.js';
import type { TokenManager } from './tokens.js';
import { authorizationErrorWording } from './authorization-errors.js';
import type { Revoker, RevokeOutcome } from './revocations.js';
import { IDENTITY_SCOPES, SCOPES, type AccessLevel, type OAuthApp, type OwnAppSettings } from './types.js';

export interface ConnectionServiceDeps {
  store: ConnectionStore;
  oauth: GoogleOAuth;
  notifier: ConnectionNotifier;
  clients: ClientService;
  /** Told when a client's tokens are replaced or deleted, to drop what it keeps in memory. */
  tokens: Pick<TokenManager, 'forget'>;
  /** Revokes the grants we stop using, retrying those Google does not confirm. */
  revoker: Revoker;
  /** The workspace default Google OAuth app. */
  defaultApp: { clientId: string; clientSecret: string };
  defaultAccessLevel?: AccessLevel;
  publicUrl: string;
  linkTtlMs: number;
  now?: () => Date;
}

const STATE_TTL_MS = 10 * 60_000;

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
const randomToken = () => randomBytes(32).toString('base64url');
const challengeOf = (verifier: string) => createHash('sha256').update(verifier).digest('base64url');

/** A problem in the browser part of the flow; `message` is shown on the page. */
export class OAuthFlowError extends Error {
  constructor(
    message: string,
    readonly hint: string,
    readonly status = 400,
  ) {
    super(message);
    this.name = 'OAuthFlowError';
  }
}

const linkSpent = () =>
  new OAuthFlowError('This authorization link has already been used.', 'The calendar is connected. To connect again, ask for a new link in Slack.');

export type ConnectionService = ReturnType<typeof createConnectionService>;

export function createConnectionService(deps: ConnectionServiceDeps) {
  const { store, oauth, notifier } = deps;
  const now = deps.now ?? (() => new Date());
  const redirectUri = `${deps.publicUrl}/oauth/google/callback`;

  async function appFor(teamId: string, clientId: string): Promise<OAuthApp> {
    const own = await store.getOwnApp(teamId, clientId);
    if (own) return { clientId: own.googleClientId, clientSecret: own.clientSecret, accessLevel: own.accessLevel, own: true };
    return { ...deps.defaultApp, accessLevel: deps.defaultAccessLevel ?? 'events', own: false };
  }

  /** A fresh "Authorize Google Calendar" link for a client this actor manages. */
  async function requestLink(actor: Actor, clientId: string): Promise<{ url: string; expiresAt: Date; client: Client }> {
    const client = await deps.clients.get(actor, clientId);
    const token = randomToken();
    const expiresAt = new Date(now().getTime() + deps.linkTtlMs);
    await store.createLink({ id: hashToken(token), teamId: actor.teamId, clientId: client.id, requestedBy: actor.userId, expiresAt });
    return { url: `${deps.publicUrl}/oauth/google/start/${token}`, expiresAt, client };
  }

  /** The browser opened a link: a new single-use state and PKCE verifier, then off to Google. */
  async function start(token: string): Promise<string> {
    const link = await store.findLink(hashToken(token));
    if (!link) throw new OAuthFlowError('This authorization link is not valid.', 'Ask for a new one: `/calstack connect <client>` in Slack.', 404);
    if (link.usedAt) throw new OAuthFlowError('This authorization link was already used.', 'The calendar is connected. If you need to connect again, ask for a new link in Slack.', 410);
    if (link.expiresAt <= now()) throw new OAuthFlowError('This authorization link has expired.', 'Ask for a new one: `/calstack connect <client>` in Slack.', 410);
    const app = await appFor(link.teamId, link.clientId);
    const state = randomToken();
    const codeVerifier = randomBytes(48).toString('base64url');
    await store.createState({
      id: hashToken(state),
      linkId: link.id,
      teamId: link.teamId,
      clientId: link.clientId,
      requestedBy: link.requestedBy,
      codeVerifier,
      expiresAt: new Date(now().getTime() + STATE_TTL_MS),
    });
    return oauth.authorizationUrl({
      app,
      redirectUri,
      state,
      codeChallenge: challengeOf(codeVerifier),
      scopes: [...SCOPES[app.accessLevel], ...IDENTITY_SCOPES],
    });
  }

  /** Google sent the browser back. Nothing is stored unless everything checks out. */
  async function complete(params: { state?: string; code?: string; error?: string }): Promise<{ clientName: string; email: string }> {
    if (!params.state) throw new OAuthFlowError('This page needs the answer Google sends back.', 'Start again from the link in Slack.');
    const { consumed, existing, linkUsed } = await store.consumeState(hashToken(params.state), now());
    if (!consumed) {
      if (existing?.usedAt) throw new OAuthFlowError('This authorization was already completed or abandoned.', 'Start again from the link in Slack.');
      if (existing && linkUsed) throw linkSpent();
      if (existing) throw new OAuthFlowError('This authorization took too long and expired.', 'Start again from the link in Slack; it takes less than a minute.');
      throw new OAuthFlowError('This authorization is not one we started.', 'Start again from the link in Slack.');
    }
    const client = await deps.clients.getInternal(consumed.teamId, consumed.clientId);
    if (!client) throw new OAuthFlowError('That client no longer exists.', 'Nothing was stored.', 410);
    const fail = async (problem: string, hint: string): Promise<never> => {
      await notifier.failed({ teamId: consumed.teamId, userId: consumed.requestedBy, clientName: client.name, problem: `${problem} ${hint}` });
      throw new OAuthFlowError(problem, hint);
    };
    if (params.error) {
      const { problem, hint } = authorizationErrorWording(params.error, client.name);
      await fail(problem, hint);
    }
    if (!params.code) await fail('Google did not send an authorization code.', 'Try the link again.');
    const app = await appFor(consumed.teamId, consumed.clientId);
    let tokens;
    try {
      tokens = await oauth.exchangeCode({ app, redirectUri, code: params.code!, codeVerifier: consumed.codeVerifier });
    } catch {
      return fail('Google refused to complete the authorization.', 'Try the link again in a minute; if it keeps failing, check the client id and secret of the Google OAuth app.');
    }
    if (!tokens.refreshToken) {
      await fail('Google did not grant offline access, so the connection would stop working within the hour.', 'Open the link again and allow access; if it keeps happening, remove Calendar Stacker at myaccount.google.com/permissions first.');
    }
    const missing = SCOPES[app.accessLevel].filter((s) => !tokens.scopes.includes(s));
    if (missing.length) {
      await fail('Not every permission Calendar Stacker needs was granted.', 'Open the link again and leave every calendar permission ticked.');
    }
    if (!tokens.email) await fail('Google did not tell us which account consented.', 'Open the link again and allow access to your email address.');
    const saved = await store.save(
      {
        teamId: consumed.teamId,
        clientId: consumed.clientId,
        linkId: consumed.linkId,
        googleEmail: tokens.email!,
        oauthClientId: app.clientId,
        tokens: { accessToken: tokens.accessToken, refreshToken: tokens.refreshToken!, expiresAt: tokens.expiresAt, scopes: tokens.scopes },
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
        await deps.revoker.revoke({ ...grant, googleEmail: tokens.email!, reason: 'stale', token: tokens.refreshToken! });
      }
      throw linkSpent();
    }
    deps.tokens.forget(consumed.teamId, consumed.clientId);
    const old = saved.replaced;
    // The replaced grant is revoked once the new tokens are stored, unless it is the same grant
    // (same account, same OAuth client): Google would end the new connection with it. Unknown
    // issuing client (rows from before it was kept): the same account is taken as the same grant.
    if (old && old.refreshToken !== tokens.refreshToken && (old.googleEmail !== tokens.email || (old.oauthClientId !== null && old.oauthClientId !== app.clientId))) {
      await deps.revoker.revoke({ ...grant, googleEmail: old.googleEmail, reason: 'reconnect', token: old.refreshToken });
    }
    await notifier.connected({ teamId: consumed.teamId, userId: consumed.requestedBy, clientId: client.id, clientName: client.name, email: tokens.email! });
    return { clientName: client.name, email: tokens.email! };
  }

  /**
   * Revokes the grant at Google (or leaves it to the retries when Google does not confirm) and
   * deletes the stored tokens either way: the user asked for them to go.
   */
  async function disconnect(actor: Actor, clientId: string): Promise<{ client: Client; revocation: RevokeOutcome }> {
    const client = await deps.clients.get(actor, clientId);
    const connection = await store.get(actor.teamId, client.id);
    if (!connection) throw new UserFacingError(`${client.name} is not connected to Google.`);
    const revocation = await deps.revoker.revoke({
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
    deps.tokens.forget(actor.teamId, client.id);
    return { client, revocation };
  }

  /**
   * Removes a client and leaves its grant, if any, to be revoked by the next background pass
   * (removal answers a Slack modal within its 3 s; Google may take longer).
   */
  async function removeClient(actor: Actor, clientId: string): Promise<Client> {
    const client = await deps.clients.get(actor, clientId);
    const connection = await store.get(actor.teamId, client.id);
    const removed = await deps.clients.remove(actor, client.id);
    if (connection) {
      await deps.revoker.later({ teamId: actor.teamId, clientId: client.id, googleEmail: connection.googleEmail, reason: 'remove', token: connection.refreshToken });
    }
    deps.tokens.forget(actor.teamId, client.id);
    return removed;
  }

  async function ownApp(actor: Actor, clientId: string) {
    const client = await deps.clients.get(actor, clientId);
    const own = await store.getOwnApp(actor.teamId, client.id);
    return { client, app: own ? { googleClientId: own.googleClientId, accessLevel: own.accessLevel, hasSecret: true } : null };
  }

  async function saveOwnApp(actor: Actor, clientId: string, settings: OwnAppSettings): Promise<Client> {
    const client = await deps.clients.get(actor, clientId);
    const existing = await store.getOwnApp(actor.teamId, client.id);
    if (!existing && !settings.clientSecret) throw new UserFacingError('Enter the client secret of the Google OAuth app.');
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
    const client = await deps.clients.get(actor, clientId);
    await store.deleteOwnApp(actor.teamId, client.id, {
      teamId: actor.teamId,
      actorId: actor.userId,
      action: 'google.app.remove',
      entityType: 'client',
      entityId: client.id,
    });
    return client;
  }

  return { appFor, requestLink, start, complete, disconnect, removeClient, ownApp, saveOwnApp, useDefaultApp, redirectUri, retryRevocations: deps.revoker.retryDue };
}
