import type { ModalView } from '@slack/types';
import type { Client } from '../../core/clients/types.js';
import { ACCESS_LEVELS, type AccessLevel } from '../../core/connections/types.js';
import { ids } from '../forms/ids.js';
import { esc } from './mrkdwn.js';
import type { ModalMeta } from './meta.js';

const levelOption = (level: AccessLevel) => ({ text: { type: 'plain_text' as const, text: ACCESS_LEVELS[level] }, value: level });

/** The client's own Google OAuth app. The secret is write-only: never shown, kept when left empty. */
export function googleSettingsModal(
  client: Client,
  app: { googleClientId: string; accessLevel: AccessLevel; hasSecret: boolean } | null,
  meta: ModalMeta,
): ModalView {
  return {
    type: 'modal',
    callback_id: ids.views.clientGoogle,
    private_metadata: JSON.stringify({ ...meta, clientId: client.id }),
    title: { type: 'plain_text', text: 'Google settings' },
    submit: { type: 'plain_text', text: 'Save' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text:
            `*${esc(client.name)}* uses ${app ? 'its own Google OAuth app' : 'this workspace\u2019s default Google OAuth app'}. ` +
            'To use the client\u2019s own app (for example from its Google Workspace project), enter its client id and secret; ' +
            'leave the client id empty to go back to the default app. Reconnect afterwards for the change to apply.',
        },
      },
      {
        type: 'input',
        block_id: ids.blocks.googleClientId,
        optional: true,
        label: { type: 'plain_text', text: 'OAuth client id' },
        element: {
          type: 'plain_text_input',
          action_id: 'value',
          placeholder: { type: 'plain_text', text: '1234-abc.apps.googleusercontent.com' },
          ...(app ? { initial_value: app.googleClientId } : {}),
        },
      },
      {
        type: 'input',
        block_id: ids.blocks.googleSecret,
        optional: true,
        label: { type: 'plain_text', text: 'Client secret' },
        element: { type: 'plain_text_input', action_id: 'value', placeholder: { type: 'plain_text', text: app?.hasSecret ? 'Stored — leave empty to keep it' : 'GOCSPX-…' } },
        hint: { type: 'plain_text', text: 'Stored encrypted and never shown again.' },
      },
      {
        type: 'input',
        block_id: ids.blocks.googleAccess,
        label: { type: 'plain_text', text: 'Access level' },
        element: {
          type: 'static_select',
          action_id: 'value',
          options: (Object.keys(ACCESS_LEVELS) as AccessLevel[]).map(levelOption),
          initial_option: levelOption(app?.accessLevel ?? 'events'),
        },
      },
    ],
  };
}
