import type { ModalView } from '@slack/types';
import { ids } from '../forms/ids.js';
import { esc } from './mrkdwn.js';

export function digestModal(current: { enabled: boolean; time: string | null }, zone: string | null): ModalView {
  const on = { text: { type: 'plain_text' as const, text: 'Send me my stacked agenda every morning' }, value: 'on' };
  return {
    type: 'modal',
    callback_id: ids.views.digest,
    title: { type: 'plain_text', text: 'Daily digest' },
    submit: { type: 'plain_text', text: 'Save' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      {
        type: 'input',
        block_id: 'digest_on',
        optional: true,
        label: { type: 'plain_text', text: 'Digest' },
        element: { type: 'checkboxes', action_id: 'value', options: [on], ...(current.enabled ? { initial_options: [on] } : {}) },
      },
      {
        type: 'input',
        block_id: 'digest_time',
        label: { type: 'plain_text', text: 'Time of day' },
        element: { type: 'timepicker', action_id: 'value', initial_time: current.time ?? '08:00' },
        hint: { type: 'plain_text', text: `In your Slack time zone (${zone ?? 'UTC'}).` },
      },
      { type: 'context', elements: [{ type: 'mrkdwn', text: `A DM with today\u2019s agenda across all your clients, once a day${zone ? `, ${esc(zone)} time` : ''}.` }] },
    ],
  };
}
