import type { WebClient } from '@slack/web-api';
import type { Directory } from '../../core/clients/ports.js';
import type { UserProfile } from '../../core/clients/types.js';

const TTL_MS = 5 * 60_000;

/** The workspace directory through users.info, cached briefly: admin flags and zones change rarely. */
export function slackDirectory(client: WebClient, now = () => Date.now()): Directory {
  const cache = new Map<string, { at: number; profile: Promise<UserProfile> }>();
  return {
    profile(teamId, userId) {
      const key = `${teamId}:${userId}`;
      const hit = cache.get(key);
      if (hit && now() - hit.at < TTL_MS) return hit.profile;
      const profile = client.users.info({ user: userId }).then((res) => {
        const u = res.user;
        return {
          id: userId,
          timeZone: u?.tz ?? null,
          isAdmin: Boolean(u?.is_admin || u?.is_owner || u?.is_primary_owner),
          email: u?.profile?.email ?? null,
        };
      });
      cache.set(key, { at: now(), profile });
      // A failed lookup must not be cached.
      profile.catch(() => cache.delete(key));
      return profile;
    },
    forget(teamId, userId) {
      cache.delete(`${teamId}:${userId}`);
    },
  };
}
