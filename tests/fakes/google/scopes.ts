/** OAuth scopes: what consent grants, and which scopes each Calendar resource accepts; calendar access roles. */
import type { AccessRole } from './types.js';

const CALENDAR = 'https://www.googleapis.com/auth/calendar';
export const USERINFO_EMAIL = 'https://www.googleapis.com/auth/userinfo.email';
export const USERINFO_PROFILE = 'https://www.googleapis.com/auth/userinfo.profile';
/** Sign-in scopes cannot be unticked on Google's consent screen. */
export const IDENTITY_SCOPES = new Set(['openid', USERINFO_EMAIL, USERINFO_PROFILE]);
export const SCOPE_ALIASES: Record<string, string> = { email: USERINFO_EMAIL, profile: USERINFO_PROFILE };
export const DEFAULT_ISSUED_SCOPES = ['openid', USERINFO_EMAIL, CALENDAR];

export const REQUIRED_SCOPES = {
  calendarList: [CALENDAR, `${CALENDAR}.readonly`, `${CALENDAR}.calendarlist`, `${CALENDAR}.calendarlist.readonly`],
  calendars: [CALENDAR, `${CALENDAR}.readonly`, `${CALENDAR}.calendars`, `${CALENDAR}.calendars.readonly`],
  eventsRead: [
    CALENDAR,
    `${CALENDAR}.readonly`,
    `${CALENDAR}.events`,
    `${CALENDAR}.events.readonly`,
    `${CALENDAR}.events.owned`,
    `${CALENDAR}.events.owned.readonly`,
  ],
  eventsWrite: [CALENDAR, `${CALENDAR}.events`, `${CALENDAR}.events.owned`],
  freeBusy: [CALENDAR, `${CALENDAR}.readonly`, `${CALENDAR}.freebusy`, `${CALENDAR}.events.freebusy`],
} as const;

export const ROLE_RANK: Record<AccessRole, number> = { freeBusyReader: 0, reader: 1, writer: 2, owner: 3 };
