import type { WebClient } from '@slack/web-api';
import type { Logger } from '../logger.js';
import type { Actor } from '../core/clients/types.js';
import type { SlackDeps } from './deps.js';
import { openThenFill } from './modals.js';
import { clientModal, type ClientModalMeta } from './views/client-modal.js';
import { clientRemoveModal } from './views/client-remove.js';

interface FormRequest {
  client: WebClient;
  log: Logger;
  deps: SlackDeps;
  actor: Actor;
  triggerId: string;
  responseUrl?: string | undefined;
}

const metaOf = (responseUrl?: string): ClientModalMeta => (responseUrl ? { responseUrl } : {});

/** The "new client" form, time zone defaulting to the operator's own. */
export function openNewClientForm(req: FormRequest, name?: string): Promise<void> {
  return openThenFill(req.client, req.log, req.triggerId, 'New client', async () => {
    const profile = await req.deps.directory.profile(req.actor.teamId, req.actor.userId).catch(() => null);
    return clientModal({
      ...(name ? { name } : {}),
      timeZone: profile?.timeZone ?? 'UTC',
      managers: [req.actor.userId],
      meta: metaOf(req.responseUrl),
    });
  });
}

/** The edit form for a client picked by id (buttons) or by what the user typed (commands). */
export function openEditClientForm(req: FormRequest, pick: { id: string } | { ref: string }): Promise<void> {
  return openThenFill(req.client, req.log, req.triggerId, 'Edit client', async () => {
    const found = 'id' in pick ? await req.deps.clients.get(req.actor, pick.id) : await req.deps.clients.resolve(req.actor, pick.ref);
    return clientModal({
      client: found,
      timeZone: found.timeZone,
      managers: found.managers,
      meta: { ...metaOf(req.responseUrl), clientId: found.id },
    });
  });
}

export function openRemoveClientForm(req: FormRequest, pick: { id: string } | { ref: string }): Promise<void> {
  return openThenFill(req.client, req.log, req.triggerId, 'Remove client', async () => {
    const found = 'id' in pick ? await req.deps.clients.get(req.actor, pick.id) : await req.deps.clients.resolve(req.actor, pick.ref);
    return clientRemoveModal(found, metaOf(req.responseUrl));
  });
}
