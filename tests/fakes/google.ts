/**
 * In-memory fake of Google's OAuth 2.0 endpoints and the Calendar API v3, served over real HTTP on
 * 127.0.0.1 so the real `google-auth-library` and `@googleapis/calendar` clients can talk to it.
 *
 * Point the clients at it with:
 *   new OAuth2Client({ clientId, clientSecret, redirectUri, endpoints: fake.oauthEndpoints })
 *   calendar({ version: 'v3', auth: oauthClient, rootUrl: fake.apiRoot })
 *
 * Its parts live in `./google/`: the server and its faults (`server.ts`), OAuth (`oauth.ts`,
 * `id-token.ts`, `scopes.ts`), the Calendar resources (`calendar-backend.ts`) over the event model,
 * event times, recurrence, list queries and freeBusy.
 */
export { startFakeGoogle } from './google/server.js';
export type * from './google/types.js';
