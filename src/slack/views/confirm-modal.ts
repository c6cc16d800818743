import type { ModalView } from '@slack/types';

/** A modal that asks before doing something that can't be taken back ("Keep" closes it). */
export function confirmModal(opts: { callbackId: string; title: string; submit: string; text: string; meta: Record<string, unknown> }): ModalView {
  return {
    type: 'modal',
    callback_id: opts.callbackId,
    private_metadata: JSON.stringify(opts.meta),
    title: { type: 'plain_text', text: opts.title },
    submit: { type: 'plain_text', text: opts.submit },
    close: { type: 'plain_text', text: 'Keep' },
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: opts.text } }],
  };
}
