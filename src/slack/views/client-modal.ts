import type { ModalView } from '@slack/types';
import type { Client, LinkPreviewDetail } from '../../core/clients/types.js';
import { NAME_MAX, NOTES_MAX } from '../../core/clients/validation.js';
import { ids } from '../forms/ids.js';
import { zoneOption } from './time-zones.js';
import type { ModalMeta } from './meta.js';

/** clientId when editing; responseUrl to confirm the result when the modal came from a command. */
export type ClientModalMeta = ModalMeta;

export interface ClientModalOptions {
  client?: Client;
  /** Prefilled name for a new client. */
  name?: string;
  timeZone: string;
  managers: string[];
  meta: ClientModalMeta;
  /** For the zone's current UTC offset in its label. */
  now: Date;
}

const input = (blockId: string, label: string, element: Record<string, unknown>, optional = false, hint?: string) => ({
  type: 'input' as const,
  block_id: blockId,
  optional,
  label: { type: 'plain_text' as const, text: label },
  element,
  ...(hint ? { hint: { type: 'plain_text' as const, text: hint } } : {}),
});

const LINK_PREVIEW_OPTIONS: Record<LinkPreviewDetail, { text: { type: 'plain_text'; text: string }; value: LinkPreviewDetail }> = {
  busy: { text: { type: 'plain_text', text: 'Busy only' }, value: 'busy' },
  basic: { text: { type: 'plain_text', text: 'Title and time' }, value: 'basic' },
  full: { text: { type: 'plain_text', text: 'Title, time, client, guests and video link' }, value: 'full' },
};

/** The add/edit client form. Plain-text fields show user input literally, so no escaping is needed there. */
export function clientModal(opts: ClientModalOptions): ModalView {
  const { client } = opts;
  const name = client?.name ?? opts.name;
  const email = client?.email ?? undefined;
  const notes = client?.notes ?? undefined;
  return {
    type: 'modal',
    callback_id: ids.views.clientModal,
    private_metadata: JSON.stringify(opts.meta),
    title: { type: 'plain_text', text: client ? 'Edit client' : 'New client' },
    submit: { type: 'plain_text', text: client ? 'Save' : 'Create' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      input(ids.blocks.name, 'Name', {
        type: 'plain_text_input',
        action_id: ids.actions.name,
        max_length: NAME_MAX,
        placeholder: { type: 'plain_text', text: 'Acme Corp' },
        ...(name ? { initial_value: name } : {}),
      }),
      input(ids.blocks.email, 'Contact email', {
        type: 'plain_text_input',
        action_id: ids.actions.email,
        placeholder: { type: 'plain_text', text: 'ceo@acme.com' },
        ...(email ? { initial_value: email } : {}),
      }, true),
      input(ids.blocks.timeZone, 'Time zone', {
        type: 'external_select',
        action_id: ids.actions.timeZone,
        min_query_length: 0,
        placeholder: { type: 'plain_text', text: 'Search: Paris, New York, Tokyo…' },
        initial_option: zoneOption(client?.timeZone ?? opts.timeZone, opts.now),
      }, false, 'Meeting times for this client are shown and booked in this zone.'),
      input(ids.blocks.notes, 'Notes', {
        type: 'plain_text_input',
        action_id: ids.actions.notes,
        multiline: true,
        max_length: NOTES_MAX,
        ...(notes ? { initial_value: notes } : {}),
      }, true),
      input(ids.blocks.managers, 'Managers', {
        type: 'multi_users_select',
        action_id: ids.actions.managers,
        initial_users: client?.managers ?? opts.managers,
      }, false, 'People in this workspace who may manage this client.'),
      input(ids.blocks.linkPreview, 'Links to its events show', {
        type: 'static_select',
        action_id: ids.actions.linkPreview,
        options: Object.values(LINK_PREVIEW_OPTIONS),
        initial_option: LINK_PREVIEW_OPTIONS[client?.linkPreview ?? 'basic'],
      }, false, 'A Google Calendar link posted in a channel is previewed to everyone there; the poster must manage this client.'),
    ],
  };
}
