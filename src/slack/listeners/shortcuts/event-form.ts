import type { WebClient } from '@slack/web-api';
import type { Logger } from '../../../logger.js';
import type { Actor, Client } from '../../../core/clients/types.js';
import type { SlackDeps } from '../../deps.js';
import type { FormDeps, FormRequest } from '../../forms/client-forms.js';
import { newEventView } from '../../forms/event-forms.js';
import { openThenFill } from '../../messaging/modals.js';
import { noClientsMessage, noClientsModal } from '../../views/no-clients.js';

export type ShortcutDeps = FormDeps & Pick<SlackDeps, 'log'>;

/**
 * Opens the event form from a shortcut: a loading modal at once (the trigger_id lives 3 s), then
 * `fill` picks the client and prefill among the user's connected clients. Someone with none gets
 * a friendly note in the modal and, to keep after closing it, by `tell` (ephemeral or DM).
 */
export function openShortcutForm(
  req: FormRequest,
  tell: (message: ReturnType<typeof noClientsMessage>) => Promise<void>,
  fill: (clients: Client[]) => Promise<Parameters<typeof newEventView>[1]>,
): Promise<void> {
  return openThenFill(req.client, req.log, req.triggerId, 'New event', async () => {
    const managed = await req.deps.clients.list(req.actor);
    const clients = managed.filter((c) => c.google.state === 'connected');
    if (!clients.length) {
      const kind = managed.length ? 'unconnected' : 'none';
      await tell(noClientsMessage(kind)).catch((err: unknown) => req.log.warn({ err }, 'could not send the no-client note'));
      return noClientsModal(kind);
    }
    return newEventView(req, await fill(clients));
  });
}

/** The user's default client if it is one of `clients`, else the first of them. */
export async function defaultAmong(deps: FormDeps, actor: Actor, clients: Client[]): Promise<Client | undefined> {
  const chosen = await deps.clients.defaultClient(actor);
  return clients.find((c) => c.id === chosen?.id) ?? clients[0];
}

export const formRequestOf = (deps: ShortcutDeps, client: WebClient, log: Logger, actor: Actor, triggerId: string, responseUrl?: string): FormRequest => ({
  client,
  log,
  deps,
  actor,
  triggerId,
  ...(responseUrl ? { responseUrl } : {}),
});
