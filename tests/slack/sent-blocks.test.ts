import type { KnownBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import { accessoryButtonsOf, blockById, blocksOf, buttonById, buttonsOf, callbackIdOf, inputElement, optionValues } from './sent-blocks.js';

// The readers tests use on what the app sent must fail the test when what it looks for is not
// there: a lookup that quietly answered undefined would let an assertion pass on nothing.

const option = (value: string) => ({ text: { type: 'plain_text' as const, text: value }, value });
const blocks: KnownBlock[] = [
  { type: 'section', block_id: 'menu', text: { type: 'mrkdwn', text: 'Standup' }, accessory: { type: 'overflow', action_id: 'event_menu', options: [option('edit:e1')] } },
  { type: 'section', block_id: 'slot', text: { type: 'mrkdwn', text: '10:00' }, accessory: { type: 'button', action_id: 'free_book', text: { type: 'plain_text', text: 'Book' }, value: 'b1' } },
  { type: 'input', block_id: 'ev_title', label: { type: 'plain_text', text: 'Title' }, element: { type: 'plain_text_input', action_id: 'title', initial_value: 'Sync' } },
  { type: 'input', block_id: 'ev_scope', label: { type: 'plain_text', text: 'Scope' }, element: { type: 'radio_buttons', action_id: 'scope', options: [option('instance'), option('series')] } },
  { type: 'context', elements: [{ type: 'mrkdwn', text: 'only you see this' }] },
  { type: 'actions', block_id: 'undo', elements: [{ type: 'button', action_id: 'event_undo', text: { type: 'plain_text', text: 'Undo' }, value: 'u1' }] },
];
const message = { text: 'Saved', blocks };

describe('reading the blocks the app sent', () => {
  it('finds what is there, typed', () => {
    expect(blocksOf(message)).toBe(blocks);
    expect(blockById(message, 'slot').type).toBe('section');
    expect(inputElement(message, 'ev_title', 'plain_text_input').initial_value).toBe('Sync');
    expect(optionValues(inputElement(message, 'ev_scope', 'radio_buttons'))).toEqual(['instance', 'series']);
    expect(buttonById(message, 'event_undo').value).toBe('u1');
    expect(buttonsOf(blocks).map((b) => b.action_id)).toEqual(['event_undo']);
    expect(accessoryButtonsOf(blocks).map((b) => b.value)).toEqual(['b1']);
    expect(callbackIdOf({ type: 'modal', callback_id: 'event_modal' })).toBe('event_modal');
    expect(callbackIdOf(undefined)).toBeUndefined();
  });

  it('throws, naming what it looked for, when it is not there', () => {
    expect(() => blocksOf({ text: 'no blocks' })).toThrow(/expected blocks/);
    expect(() => blocksOf(undefined)).toThrow(/expected blocks/);
    expect(() => blockById(message, 'ev_calendar')).toThrow(/no block ev_calendar among menu, slot, ev_title, ev_scope, \(context\), undo/);
    expect(() => inputElement(message, 'slot', 'plain_text_input')).toThrow(/slot is a section, not an input/);
    expect(() => inputElement(message, 'ev_title', 'static_select')).toThrow(/holds a plain_text_input, not a static_select/);
    expect(() => optionValues(inputElement(message, 'ev_title', 'plain_text_input'))).toThrow(/plain_text_input with no options/);
    // A button beside a section's text is not one of an actions block's.
    expect(() => buttonById(message, 'free_book')).toThrow(/no button free_book among event_undo/);
  });
});
