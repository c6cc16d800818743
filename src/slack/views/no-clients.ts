import type { ModalView } from '@slack/types';

/** Why a shortcut has no calendar to offer: no client at all, or none connected to Google. */
export type NoClients = 'none' | 'unconnected';

const TEXT: Record<NoClients, string> = {
  none: 'You don\u2019t manage any client yet, so there is no calendar to add an event to. Add one with `/calstack client add`, or ask whoever manages the client to add you as a manager.',
  unconnected: 'None of your clients is connected to Google yet, so there is no calendar to add an event to. Send the client a link with `/calstack connect &lt;client&gt;`.',
};

/** For a shortcut used by someone with no client: a note where they look, not an error. */
export function noClientsModal(kind: NoClients): ModalView {
  return {
    type: 'modal',
    title: { type: 'plain_text', text: 'New event' },
    close: { type: 'plain_text', text: 'Close' },
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: `:wave: ${TEXT[kind]}` } }],
  };
}

/** The same note as a message, which stays after the modal is closed. */
export function noClientsMessage(kind: NoClients) {
  return { text: TEXT[kind], blocks: [{ type: 'section' as const, text: { type: 'mrkdwn' as const, text: `:wave: ${TEXT[kind]}` } }] };
}
