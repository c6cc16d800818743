// What a person sees, apart from what only the app reads: assertions on text
// must not be satisfied by a word hidden in a button's value or a modal's
// private_metadata, and assertions on ids must not depend on wording.

type Json = unknown;

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
  const blocks = ((view as { blocks?: unknown[] })?.blocks ?? []) as Record<string, any>[];
  const values: Record<string, string | string[] | null> = {};
  for (const block of blocks) {
    if (block.type !== 'input' || typeof block.block_id !== 'string') continue;
    const e = block.element ?? {};
    values[block.block_id] =
      e.initial_value ?? e.initial_date ?? e.initial_time ?? e.initial_option?.value ??
      (e.initial_options ? e.initial_options.map((o: { value: string }) => o.value) : undefined) ??
      e.initial_users ?? e.initial_conversations ?? null;
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
    if (!node || typeof node !== 'object') return;
    const o = node as Record<string, any>;
    const inBlock = typeof o.block_id === 'string' ? o.block_id : blockId;
    if (typeof o.action_id === 'string') {
      const options: Record<string, any>[] = o.options ?? (o.option_groups ?? []).flatMap((g: { options: unknown[] }) => g.options);
      if (o.type === 'button') out.push({ blockId: inBlock, actionId: o.action_id, value: o.value, label: o.text?.text ?? '' });
      for (const opt of options) out.push({ blockId: inBlock, actionId: o.action_id, value: opt.value, label: opt.text?.text ?? '' });
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
