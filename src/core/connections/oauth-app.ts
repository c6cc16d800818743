import type { ConnectionStore } from './ports.js';
import type { AccessLevel, OAuthApp } from './types.js';

export interface OAuthAppDeps {
  store: Pick<ConnectionStore, 'getOwnApp'>;
  /** The workspace default Google OAuth app. */
  defaultApp: { clientId: string; clientSecret: string };
  defaultAccessLevel?: AccessLevel;
}

/** Which Google OAuth app a client's connection goes through: its own, if it has one, else the workspace default. */
export function createAppFor(deps: OAuthAppDeps) {
  return async function appFor(teamId: string, clientId: string): Promise<OAuthApp> {
    const own = await deps.store.getOwnApp(teamId, clientId);
    if (own) return { clientId: own.googleClientId, clientSecret: own.clientSecret, accessLevel: own.accessLevel, own: true };
    return { ...deps.defaultApp, accessLevel: deps.defaultAccessLevel ?? 'events', own: false };
  };
}

export type AppFor = ReturnType<typeof createAppFor>;
