import type { Directory } from './ports.js';
import type { Actor } from './types.js';

/** The zone a user reads times in: their profile's, else `fallback` (the directory may fail or not know). */
export async function viewerZone(directory: Pick<Directory, 'profile'>, actor: Actor, fallback: string): Promise<string> {
  const profile = await directory.profile(actor.teamId, actor.userId).catch(() => null);
  return profile?.timeZone ?? fallback;
}
