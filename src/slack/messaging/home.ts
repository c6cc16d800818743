import type { WebClient } from '@slack/web-api';
import type { Logger } from '../../logger.js';
import type { ClientService } from '../../core/clients/service.js';
import type { Directory } from '../../core/clients/ports.js';
import type { DigestStore } from '../../core/digest/service.js';
import type { Clock } from '../../shared/clock.js';
import { homeView } from '../views/home.js';

export interface HomeDeps {
  clients: Pick<ClientService, 'list' | 'isAdmin' | 'defaultClient'>;
  directory: Pick<Directory, 'profile'>;
  digest: Pick<DigestStore, 'get'>;
  clock: Clock;
  log: Logger;
}
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
