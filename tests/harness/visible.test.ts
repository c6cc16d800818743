import { describe, expect, it } from 'vitest';
import { controls, formValues, stringsHolding, visibleText } from './visible.js';

// The helpers the Slack tests assert through: if one of them saw too much or
// too little, the assertions built on it would pass whatever the app did.

const message = {
  text: 'Acme: 1 event',
  blocks: [
    {
      type: 'section',
      block_id: 'client:c1',
      text: { type: 'mrkdwn', text: '*Acme*' },
      accessory: {
        type: 'overflow',
        action_id: 'client_menu',
        options: [
          { text: { type: 'plain_text', text: 'Edit' }, value: 'edit:c1' },
          { text: { type: 'plain_text', text: 'Remove' }, value: 'remove:c1' },
        ],
      },
    },
    {
      type: 'actions',
      block_id: 'job',
      elements: [
        { type: 'button', action_id: 'bulk_retry', value: '{"note":"Secret Co"}', text: { type: 'plain_text', text: 'Retry' } },
        { type: 'button', action_id: 'open', url: 'https://calendar.google.com/x', text: { type: 'plain_text', text: 'Open' } },
      ],
    },
  ],
};

describe('what a person sees, apart from what only the app reads', () => {
  it('visibleText holds the texts and the notification, never values or ids', () => {
    expect(visibleText(message).split('\n').sort()).toEqual(['*Acme*', 'Acme: 1 event', 'Edit', 'Open', 'Remove', 'Retry']);
    expect(visibleText(message)).not.toContain('Secret Co');
    expect(visibleText({ type: 'modal', private_metadata: '{"name":"Hidden"}', blocks: [] })).toBe('');
  });

  it('controls lists each button and option with the ids and value a press sends', () => {
    expect(controls(message)).toEqual([
      { blockId: 'client:c1', actionId: 'client_menu', value: 'edit:c1', label: 'Edit' },
      { blockId: 'client:c1', actionId: 'client_menu', value: 'remove:c1', label: 'Remove' },
      { blockId: 'job', actionId: 'bulk_retry', value: '{"note":"Secret Co"}', label: 'Retry' },
      { blockId: 'job', actionId: 'open', value: undefined, label: 'Open' },
    ]);
  });

  it('stringsHolding finds a word wherever it hides, keys included, and nothing when it is absent', () => {
    expect(stringsHolding(message, 'Secret Co')).toEqual(['{"note":"Secret Co"}']);
    expect(stringsHolding({ blocks: [{ block_id: 'x', 'Acme Corp': 1 }] }, 'Acme Corp')).toEqual(['Acme Corp']);
    expect(stringsHolding(message, 'Globex')).toEqual([]);
  });

  it('formValues gives each input its prefilled value by block', () => {
    const view = {
      type: 'modal',
      blocks: [
        { type: 'input', block_id: 'ev_title', element: { type: 'plain_text_input', initial_value: 'Call Bob' } },
        { type: 'input', block_id: 'ev_start_date', element: { type: 'datepicker', initial_date: '2026-12-17' } },
        { type: 'input', block_id: 'ev_notify', element: { type: 'static_select', initial_option: { value: 'all', text: { type: 'plain_text', text: 'All guests' } } } },
        { type: 'input', block_id: 'ev_notes', element: { type: 'plain_text_input' } },
      ],
    };
    expect(formValues(view)).toEqual({ ev_title: 'Call Bob', ev_start_date: '2026-12-17', ev_notify: 'all', ev_notes: null });
  });
});
