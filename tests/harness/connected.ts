// The app with a fake Google and clients already connected to it, as an operator
// set them up through Slack: where the event and stack tests start from.
import { startTestApp, TEAM, type TestApp, type TestAppOptions } from './app.js';
import type { Actor } from './slack-requests.js';
import { startFakeGoogle, type CalendarConfig, type FakeGoogle, type FakeGoogleOptions } from '../fakes/google.js';
import type { FakeSlackUser } from '../fakes/slack.js';
import { submitClientForm } from './client-form.js';
import { connectClient } from '../google/helpers.js';

/** Adds the clients and connects them (a Slack user of TEAM). */
export const operator: Actor = { teamId: TEAM, userId: 'U0OPERATOR' };

export interface ConnectedClient<Name extends string = string> {
  name: Name;
  /** The Google account it connects. */
  email: string;
  /** The client's time zone; default UTC. */
  timeZone?: string;
  /** The account's primary calendar's time zone; default the fake's (UTC). */
  googleTimeZone?: string;
  /** Default: the operator alone. */
  managers?: string[];
  /** More calendars of the account, there before it connects. */
  calendars?: CalendarConfig[];
}

export interface ConnectedAppOptions<Name extends string> extends Omit<TestAppOptions, 'google'> {
  /** The operator's Slack time zone; default UTC. */
  operatorTz?: string;
  /** More Slack users, there before the clients are added. */
  users?: FakeSlackUser[];
  clients: ConnectedClient<Name>[];
  /** The fake Google's own settings (a project whose quotas Google raised, say). */
  googleOptions?: FakeGoogleOptions;
}

/** The running app, with its fake Google and the clients' ids by name; close() closes both. */
export type ConnectedApp<Name extends string = string> = TestApp & { google: FakeGoogle; ids: Record<Name, string> };

/**
 * Starts a fake Google and the app against it (Google retries 5 ms apart unless `env` says
 * otherwise); the operator adds each client through Slack and connects it.
 */
export async function connectedClientApp<const Name extends string>(opts: ConnectedAppOptions<Name>): Promise<ConnectedApp<Name>> {
  const { operatorTz = 'UTC', users = [], clients, googleOptions, ...appOptions } = opts;
  const google = await startFakeGoogle(googleOptions);
  let t: TestApp | undefined;
  try {
    t = await startTestApp({ ...appOptions, google, env: { GOOGLE_RETRY_BASE_MS: '5', ...appOptions.env } });
    t.slack.addUser({ id: operator.userId, team_id: TEAM, tz: operatorTz });
    for (const user of users) t.slack.addUser(user);
    const ids = {} as Record<Name, string>;
    for (const client of clients) {
      google.addAccount({ email: client.email, ...(client.googleTimeZone ? { timeZone: client.googleTimeZone } : {}) });
      for (const calendar of client.calendars ?? []) google.addCalendar(client.email, calendar);
      await submitClientForm(t, operator, { name: client.name, timeZone: client.timeZone ?? 'UTC', managers: client.managers ?? [operator.userId] });
      ids[client.name] = (await t.app.db.prisma.client.findFirstOrThrow({ where: { teamId: TEAM, name: client.name } })).id;
      await connectClient(t, google, operator, client.name, client.email);
    }
    const closeApp = t.close.bind(t);
    return Object.assign(t, {
      google,
      ids,
      async close() {
        await closeApp();
        await google.close();
      },
    });
  } catch (err) {
    await t?.close();
    await google.close();
    throw err;
  }
}
