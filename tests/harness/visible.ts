// What a person sees, apart from what only the app reads: assertions on text
// must not be satisfied by a word hidden in a button's value or a modal's
// private_metadata, and assertions on ids must not depend on wording.

type Json = unknown;
type JsonObject = Record<string, unknown>;

const objectOf = (x: Json): JsonObject | undefined => (x && typeof x === 'object' && !Array.isArray(x) ? (x as JsonObject) : undefined);
const arrayOf = (x: Json): unknown[] | undefined => (Array.isArray(x) ? x : undefined);
const stringOf = (x: Json): string | undefined => (typeof x === 'string' ? x : undefined);
/** The value of an option object (select, checkbox, radio, overflow). */
const valueOf = (option: Json): string | undefined => stringOf(objectOf(option)?.value);
/** The text of a text object, e.g. a button's label. */
const textOf = (x: Json): string | undefined => stringOf(objectOf(x)?.text);
/** A list keeps its length: an item that is not a string shows as one ('undefined'…) in a failing toEqual. */
const stringsOf = (list: Json): string[] | undefined => arrayOf(list)?.map(String);

const TEXT_TYPES = new Set(['mrkdwn', 'plain_text']);
/** Keys whose content is read by the app, never shown. */
const HIDDEN = new Set(['value', 'action_id', 'block_id', 'callback_id', 'private_metadata', 'external_id', 'hash', 'url', 'trigger_id']);

/**
 * The text a person sees in a message, modal or Home tab, one text object per
 * line: every mrkdwn and plain-text object, a message's notification text, and
 * what inputs show prefilled (text, date, time).
 */
export function visibleText(x: Json): string {
  const out: string[] = [];
  const walk = (node: Json) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const o = node as Record<string, unknown>;
    if (typeof o.type === 'string' && TEXT_TYPES.has(o.type) && typeof o.text === 'string') {
      out.push(o.text);
      return;
    }
    for (const key of ['initial_value', 'initial_date', 'initial_time'] as const) {
      if (typeof o[key] === 'string') out.push(o[key]);
    }
    for (const [key, child] of Object.entries(o)) if (!HIDDEN.has(key) && typeof child === 'object') walk(child);
  };
  const root = x as Record<string, unknown> | null;
  // A message's top-level text is its notification (and screen reader) text.
  if (root && typeof root === 'object' && !Array.isArray(root) && typeof root.text === 'string') out.push(root.text);
  walk(x);
  return out.join('\n');
}

/** What each input of a modal holds when it opens, by block_id: text, date, time, option value(s), users. */
export function formValues(view: Json): Record<string, string | string[] | null> {
  const blocks = arrayOf(objectOf(view)?.blocks) ?? [];
  const values: Record<string, string | string[] | null> = {};
  for (const block of blocks.map(objectOf)) {
    if (block?.type !== 'input' || typeof block.block_id !== 'string') continue;
    const e = objectOf(block.element) ?? {};
    values[block.block_id] =
      stringOf(e.initial_value) ?? stringOf(e.initial_date) ?? stringOf(e.initial_time) ?? valueOf(e.initial_option) ??
      stringsOf(arrayOf(e.initial_options)?.map((o) => objectOf(o)?.value)) ??
      stringsOf(e.initial_users) ?? stringsOf(e.initial_conversations) ?? null;
  }
  return values;
}

/** A button, or one option of a menu, as the app receives it when pressed. */
export interface Control {
  blockId?: string;
  actionId: string;
  /** The button's or option's value; a link button has none. */
  value?: string;
  /** Its label, as a person sees it. */
  label: string;
}

/** Every button and menu option of a message, modal or Home tab, with the ids and value a press sends. */
export function controls(x: Json): Control[] {
  const out: Control[] = [];
  const walk = (node: Json, blockId?: string) => {
    if (Array.isArray(node)) return node.forEach((n) => walk(n, blockId));
    const o = objectOf(node);
    if (!o) return;
    const inBlock = stringOf(o.block_id) ?? blockId;
    const actionId = stringOf(o.action_id);
    if (actionId !== undefined) {
      const options = arrayOf(o.options) ?? (arrayOf(o.option_groups) ?? []).flatMap((g) => arrayOf(objectOf(g)?.options) ?? []);
      if (o.type === 'button') out.push({ blockId: inBlock, actionId, value: valueOf(o), label: textOf(o.text) ?? '' });
      for (const opt of options) out.push({ blockId: inBlock, actionId, value: valueOf(opt), label: textOf(objectOf(opt)?.text) ?? '' });
      return;
    }
    for (const child of Object.values(o)) if (typeof child === 'object') walk(child, inBlock);
  };
  walk(x);
  return out;
}

/**
 * For absence checks: every string of the payload (hidden ones too: values,
 * metadata, ids) that holds `needle`, so `toEqual([])` fails naming the leak.
 * What reaches a person's Slack client leaks even if it is not drawn.
 * Positive checks use visibleText or controls.
 */
export function stringsHolding(x: Json, needle: string): string[] {
  const found: string[] = [];
  const walk = (node: Json) => {
    if (typeof node === 'string') {
      if (node.includes(needle)) found.push(node);
    } else if (Array.isArray(node)) {
      node.forEach(walk);
    } else if (node && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) {
        walk(k);
        walk(v);
      }
    }
  };
  walk(x);
  return found;
}
