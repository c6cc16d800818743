export type AccessLevel = 'read' | 'events' | 'full';

export const ACCESS_LEVELS: Record<AccessLevel, string> = {
  read: 'Read-only (see calendars and events)',
  events: 'Manage events (create, edit, delete)',
  full: 'Full calendar access',
};

const CAL = 'https://www.googleapis.com/auth/calendar';

/** The narrowest Google scopes that serve each access level. */
export const SCOPES: Record<AccessLevel, string[]> = {
  read: [`${CAL}.calendarlist.readonly`, `${CAL}.events.readonly`, `${CAL}.events.freebusy`],
  events: [`${CAL}.calendarlist.readonly`, `${CAL}.events`, `${CAL}.events.freebusy`],
  full: [CAL],
};

/** Asked for on top, to learn which Google account consented. */
export const IDENTITY_SCOPES = ['openid', 'email'];

export interface ConnectionStatus {
  state: 'none' | 'connected' | 'needs_reconnect';
  email?: string;
}

export interface Tokens {
  accessToken: string;
  refreshToken: string;
  expiresAt: Date | null;
  scopes: string[];
}

export interface Connection extends Tokens {
  teamId: string;
  clientId: string;
  status: 'connected' | 'needs_reconnect';
  googleEmail: string;
  /** The Google OAuth client id that issued the tokens; null for connections stored before it was kept. */
  oauthClientId: string | null;
}

/** The Google OAuth app used for a client: its own, or the workspace default. */
export interface OAuthApp {
  clientId: string;
  clientSecret: string;
  accessLevel: AccessLevel;
  own: boolean;
}

export interface OwnAppSettings {
  googleClientId: string;
  /** Write-only: undefined keeps the stored secret. */
  clientSecret?: string;
  accessLevel: AccessLevel;
}
