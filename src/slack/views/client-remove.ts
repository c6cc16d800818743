import type { ModalView } from '@slack/types';
import type { Client } from '../../core/clients/types.js';
import { ids } from '../forms/ids.js';
import { esc } from './mrkdwn.js';
import { confirmModal } from './confirm-modal.js';
import type { ModalMeta } from './meta.js';

export function clientRemoveModal(client: Client, meta: ModalMeta): ModalView {
  return confirmModal({
    callbackId: ids.views.clientRemove,
    title: 'Remove client',
    submit: 'Remove',
    meta: { ...meta, clientId: client.id },
    text:
      `Remove *${esc(client.name)}*?\n\nIts details, managers and stored Google credentials are deleted ` +
      'and it disappears from everyone\u2019s lists. An audit record of the removal is kept. This can\u2019t be undone.',
  });
}
