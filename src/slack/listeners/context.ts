import type { Logger } from '../../logger.js';
import type { SlackDeps } from '../deps.js';

/** The request's child logger (with its request id), or the app's. */
export const requestLog = (context: Record<string, unknown>, deps: Pick<SlackDeps, 'log'>): Logger =>
  (context.log as Logger | undefined) ?? deps.log;

interface InteractionBody {
  team?: { id?: string } | null;
  user: { id: string; team_id?: string };
}

/** Who is acting in an interaction payload: its team and user. */
export function actorOf(body: InteractionBody) {
  return { teamId: body.team?.id ?? body.user.team_id ?? '', userId: body.user.id };
}
