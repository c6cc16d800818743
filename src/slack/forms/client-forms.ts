import type { WebClient } from '@slack/web-api';
import type { Logger } from '../../logger.js';
import type { Actor } from '../../core/clients/types.js';
import type { SlackDeps } from '../deps.js';
import { openThenFill } from '../messaging/modals.js';
import { clientModal, type ClientModalMeta } from '../views/client-modal.js';
import { clientRemoveModal } from '../views/client-remove.js';
import { disconnectModal } from '../views/client-disconnect.js';
import { googleSettingsModal } from '../views/google-settings.js';
import { authorizeLinkMessage } from '../views/connection-messages.js';
import { sendDm } from '../messaging/notifier.js';
import type { Client } from '../../core/clients/types.js';

/** What opening a client or event form reads. */
export type FormDeps = Pick<SlackDeps, 'calendars' | 'clients' | 'clock' | 'connections' | 'directory' | 'events'>;

export interface FormRequest {
  client: WebClient;
  log: Logger;
  deps: FormDeps;
  actor: Actor;
  triggerId: string;
  responseUrl?: string | undefined;
}

/** A client picked by id (buttons) or by what the user typed (commands). */
export type ClientPick = { id: string } | { ref: string };

const metaOf = (responseUrl?: string): ClientModalMeta => (responseUrl ? { responseUrl } : {});

const pickClient = (req: FormRequest, pick: ClientPick) =>
  'id' in pick ? req.deps.clients.get(req.actor, pick.id) : req.deps.clients.resolve(req.actor, pick.ref);

/** The "new client" form, time zone defaulting to the operator's own. */
export function openNewClientForm(req: FormRequest, name?: string): Promise<void> {
  return openThenFill(req.client, req.log, req.triggerId, 'New client', async () => {
    const profile = await req.deps.directory.profile(req.actor.teamId, req.actor.userId).catch(() => null);
    return clientModal({
      ...(name ? { name } : {}),
      timeZone: profile?.timeZone ?? 'UTC',
      managers: [req.actor.userId],
      meta: metaOf(req.responseUrl),
      now: req.deps.clock.now(),
    });
  });
}

/** The edit form, filled in with the picked client. */
export function openEditClientForm(req: FormRequest, pick: ClientPick): Promise<void> {
  return openThenFill(req.client, req.log, req.triggerId, 'Edit client', async () => {
    const found = await pickClient(req, pick);
    return clientModal({
      client: found,
      timeZone: found.timeZone,
      managers: found.managers,
      meta: { ...metaOf(req.responseUrl), clientId: found.id },
      now: req.deps.clock.now(),
    });
  });
}

export function openRemoveClientForm(req: FormRequest, pick: ClientPick): Promise<void> {
  return openThenFill(req.client, req.log, req.triggerId, 'Remove client', async () => {
    const found = await pickClient(req, pick);
    return clientRemoveModal(found, metaOf(req.responseUrl));
  });
}

export function openDisconnectForm(req: FormRequest, pick: ClientPick): Promise<void> {
  return openThenFill(req.client, req.log, req.triggerId, 'Disconnect Google', async () =>
    disconnectModal(await pickClient(req, pick), metaOf(req.responseUrl)),
  );
}

export function openGoogleSettingsForm(req: FormRequest, pick: ClientPick): Promise<void> {
  return openThenFill(req.client, req.log, req.triggerId, 'Google settings', async () => {
    const found = await pickClient(req, pick);
    const { app } = await req.deps.connections.ownApp(req.actor, found.id);
    return googleSettingsModal(found, app, metaOf(req.responseUrl));
  });
}

/** Makes an authorization link and DMs it to the requester. */
export async function sendConnectLink(req: Omit<FormRequest, 'triggerId'>, pick: ClientPick): Promise<Client> {
  const target = await pickClient(req as FormRequest, pick);
  const { url, expiresAt, client } = await req.deps.connections.requestLink(req.actor, target.id);
  await sendDm(req.client, req.actor.userId, authorizeLinkMessage(client, url, expiresAt, req.deps.clock.now()));
  return client;
}
