import { createHash, randomBytes } from 'node:crypto';
import type { ClientService } from '../clients/service.js';
import type { Actor, Client } from '../clients/types.js';
import { CoreError } from '../errors.js';
import type { AppFor } from './oauth-app.js';
import type { ConnectionStore, GoogleOAuth } from './ports.js';
import { IDENTITY_SCOPES, SCOPES } from './types.js';

export interface LinkDeps {
  store: ConnectionStore;
  oauth: Pick<GoogleOAuth, 'authorizationUrl'>;
  clients: Pick<ClientService, 'get'>;
  appFor: AppFor;
  publicUrl: string;
  redirectUri: string;
  linkTtlMs: number;
  now: () => Date;
}

const STATE_TTL_MS = 10 * 60_000;

// Only hashes of links and states are stored: a database read does not hand anyone a usable link.
export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
const randomToken = () => randomBytes(32).toString('base64url');
const challengeOf = (verifier: string) => createHash('sha256').update(verifier).digest('base64url');

/** Authorization links: issued in Slack to someone who manages the client, opened by whoever signs in at Google. */
export function createLinks(deps: LinkDeps) {
  const { store, now } = deps;

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
    if (!link) throw new CoreError('link_invalid', {});
    if (link.usedAt) throw new CoreError('link_used', {});
    if (link.expiresAt <= now()) throw new CoreError('link_expired', {});
    const app = await deps.appFor(link.teamId, link.clientId);
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
    return deps.oauth.authorizationUrl({
      app,
      redirectUri: deps.redirectUri,
      state,
      codeChallenge: challengeOf(codeVerifier),
      scopes: [...SCOPES[app.accessLevel], ...IDENTITY_SCOPES],
    });
  }

  return { requestLink, start };
}
