import type { WebClient } from '@slack/web-api';
import type { SlackDeps } from './deps.js';
import { homeView } from './views/home.js';

/** Rebuilds and publishes one user's Home tab. */
export async function publishHome(client: WebClient, deps: SlackDeps, teamId: string, userId: string, page = 0): Promise<void> {
  const actor = { teamId, userId };
  const [clients, isAdmin, defaultClient, profile, digest] = await Promise.all([
    deps.clients.list(actor),
    deps.clients.isAdmin(actor),
    deps.clients.defaultClient(actor),
    deps.directory.profile(teamId, userId),
    deps.digest.get(teamId, userId),
  ]);
  await client.views.publish({
    user_id: userId,
    view: homeView({ clients, isAdmin, defaultClient, timeZone: profile.timeZone, digest, page, now: deps.clock.now() }),
  });
}

/** Refreshing the Home tab is a courtesy after a change: it must never fail the change itself. */
export async function refreshHome(client: WebClient, deps: SlackDeps, teamId: string, userId: string): Promise<void> {
  await publishHome(client, deps, teamId, userId).catch((err: unknown) =>
    deps.log.warn({ err, userId }, 'could not refresh the Home tab'),
  );
}
