import type { WebClient } from '@slack/web-api';
import type { SlackDeps } from '../deps.js';
import { homeView } from '../views/home.js';

export type HomeDeps = Pick<SlackDeps, 'clients' | 'directory' | 'digest' | 'clock' | 'log'>;
export type HomePublisher = ReturnType<typeof homePublisher>;

/** Publishes users' Home tabs: built before the use cases that tell it of changes. */
export function homePublisher(client: WebClient, deps: HomeDeps) {
  /** Rebuilds and publishes one user's Home tab. */
  async function publish(teamId: string, userId: string, page = 0): Promise<void> {
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
  return {
    publish,
    /** Refreshing the Home tab is a courtesy after a change: it must never fail the change itself. */
    refresh: (teamId: string, userId: string): Promise<void> =>
      publish(teamId, userId).catch((err: unknown) => deps.log.warn({ err, userId }, 'could not refresh the Home tab')),
  };
}
