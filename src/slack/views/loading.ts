import type { ModalView } from '@slack/types';
import { esc } from './mrkdwn.js';

/** Opened at once with a trigger_id (valid 3 s), then replaced once data is ready. */
export function loadingModal(title: string): ModalView {
  return {
    type: 'modal',
    title: { type: 'plain_text', text: title },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: ':hourglass_flowing_sand: Loading…' } }],
  };
}

export function errorModal(title: string, message: string, hint?: string): ModalView {
  return {
    type: 'modal',
    title: { type: 'plain_text', text: title },
    close: { type: 'plain_text', text: 'Close' },
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `:warning: ${esc(message)}${hint ? `\n${esc(hint)}` : ''}` } },
    ],
  };
}
