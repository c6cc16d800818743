import type { Button, InputBlock, InputBlockElement, KnownBlock, SectionBlockAccessory } from '@slack/types';

// The Block Kit the app sent (a message, a response_url body, a modal, a Home view) comes back
// from the fake Slack as parsed JSON. It is read here with Slack's own types, and every lookup
// throws when what a test looks for is not there, so the test reading it fails.

const ids = (blocks: KnownBlock[]) => blocks.map((b) => b.block_id ?? `(${b.type})`).join(', ');

/** The blocks of a message or view the app sent. */
export function blocksOf(sent: unknown): KnownBlock[] {
  const blocks = (sent as { blocks?: unknown } | null | undefined)?.blocks;
  if (!Array.isArray(blocks)) throw new Error(`expected blocks in ${JSON.stringify(sent)?.slice(0, 500)}`);
  return blocks as KnownBlock[];
}

export function blockById(sent: unknown, blockId: string): KnownBlock {
  const blocks = blocksOf(sent);
  const block = blocks.find((b) => b.block_id === blockId);
  if (!block) throw new Error(`no block ${blockId} among ${ids(blocks)}`);
  return block;
}

/** The input block `blockId` of a modal. */
export function inputBlock(sent: unknown, blockId: string): InputBlock {
  const block = blockById(sent, blockId);
  if (block.type !== 'input') throw new Error(`block ${blockId} is a ${block.type}, not an input`);
  return block;
}

/** The element of the input block `blockId`, which must be of `type`. */
export function inputElement<T extends InputBlockElement['type']>(sent: unknown, blockId: string, type: T): Extract<InputBlockElement, { type: T }> {
  const { element } = inputBlock(sent, blockId);
  if (element.type !== type) throw new Error(`the input ${blockId} holds a ${element.type}, not a ${type}`);
  return element as Extract<InputBlockElement, { type: T }>;
}

/** The option values of a select, an overflow menu, radio buttons or checkboxes. */
export function optionValues(element: InputBlockElement | SectionBlockAccessory): (string | undefined)[] {
  if (!('options' in element) || !element.options) throw new Error(`a ${element.type} with no options`);
  return element.options.map((o) => o.value);
}

/** The buttons of the actions blocks among `blocks`, in order. */
export function buttonsOf(blocks: KnownBlock[]): Button[] {
  return blocks.flatMap((b) => (b.type === 'actions' ? b.elements : [])).filter((e): e is Button => e.type === 'button');
}

/** The button `actionId` in an actions block of a message or view the app sent. */
export function buttonById(sent: unknown, actionId: string): Button {
  const buttons = buttonsOf(blocksOf(sent));
  const button = buttons.find((b) => b.action_id === actionId);
  if (!button) throw new Error(`no button ${actionId} among ${buttons.map((b) => b.action_id).join(', ')}`);
  return button;
}

/** The callback_id of a view the app sent, for waiting on the one a test expects. */
export const callbackIdOf = (view: unknown): unknown => (view as { callback_id?: unknown } | null | undefined)?.callback_id;

/** The buttons beside a section's text (its accessory), in order. */
export function accessoryButtonsOf(blocks: KnownBlock[]): Button[] {
  return blocks.flatMap((b) => (b.type === 'section' && b.accessory?.type === 'button' ? [b.accessory] : []));
}

/** Every mrkdwn text object of a message or view, in order: what Slack renders as mrkdwn, where `<…>` is live. */
export function mrkdwnTexts(sent: unknown): string[] {
  const out: string[] = [];
  const walk = (x: unknown) => {
    if (!x || typeof x !== 'object') return;
    const o = x as Record<string, unknown>;
    if (o.type === 'mrkdwn' && typeof o.text === 'string') out.push(o.text);
    Object.values(o).forEach(walk);
  };
  walk(sent);
  return out;
}
