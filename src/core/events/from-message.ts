import type { EventInput } from '../calendars/ports.js';
import { draftToInput } from './draft.js';
import { DESCRIPTION_MAX, TITLE_MAX } from './form.js';
import { parseQuickAdd } from './quick-add.js';

/** A Slack user mention, `<@U123>` or `<@U123|name>`, with the word that joins it ("with", "and"). */
const MENTION = /((?:\b(?:with|and)\s+|&\s*|,\s*)?)<@([UW][A-Z0-9]{1,20})(?:\|[^>]*)?>/g;

export interface MessageDraft {
  /** What the form shows; no time when the message was unclear. */
  prefill: Partial<EventInput>;
  /** Did the message say a title and a time quick add would have created at once? */
  clear: boolean;
  /** Users mentioned whose email the directory does not show: left out of the guests. */
  withoutEmail: string[];
}

/**
 * Slack's markup as the words a person reads: links by their label (or address), channels and
 * special mentions by name, entities decoded. Mailto links are left for quick add, which reads them.
 */
export function plainText(text: string): string {
  return text
    .replace(/<#[A-Z0-9]+\|([^>]*)>/g, '#$1')
    .replace(/<#[A-Z0-9]+>/g, '#channel')
    .replace(/<!(here|channel|everyone)(?:\|[^>]*)?>/g, '@$1')
    .replace(/<!subteam\^[A-Z0-9]+(?:\|([^>]*))?>/g, (_, name?: string) => name ?? '@group')
    .replace(/<!date\^[^|>]*\|([^>]*)>/g, '$1')
    .replace(/<(?!mailto:)[^|>]*\|([^>]*)>/g, '$1')
    .replace(/<((?:https?|ftp):[^>]*)>/g, '$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/**
 * Reads a Slack message as quick add reads a line, to prefill the event form: mentioned users
 * become their emails, and the message itself (its link, its words) goes in the description.
 * A message that is not a clear event keeps only its title and day; the description holds it all.
 */
export async function draftFromMessage(
  text: string,
  opts: {
    now: Date;
    zone: string;
    permalink: string | null;
    emailOf: (userId: string) => Promise<string | null>;
    /** The whole message for the description, when `text` is only the part to read (its client's name taken off). */
    message?: string;
  },
): Promise<MessageDraft> {
  const ids = [...new Set([...text.matchAll(MENTION)].map((m) => m[2] ?? ''))];
  const emails = new Map(await Promise.all(ids.map(async (id) => [id, await opts.emailOf(id).catch(() => null)] as const)));
  // A mention with an email becomes it (quick add takes it, and its "with", out of the title);
  // one without disappears with its joining word.
  const withEmails = text.replace(MENTION, (_, joint: string, id: string) => {
    const email = emails.get(id);
    return email ? `${joint}${email}` : ' ';
  });
  const plain = plainText(withEmails).replace(/\s+/g, ' ').trim();
  const parsed = parseQuickAdd(plain, { now: opts.now, zone: opts.zone });
  const readable = plainText((opts.message ?? text).replace(MENTION, (_, joint: string, id: string) => `${joint}${emails.get(id) ?? `@${id}`}`))
    .replace(/<mailto:([^|>]+)(?:\|[^>]*)?>/gi, '$1')
    .trim();
  const description = describe(readable, opts.permalink);
  const withoutEmail = ids.filter((id) => !emails.get(id));
  if (parsed.kind === 'clear') {
    return { prefill: { ...draftToInput({ ...parsed.draft, title: cut(parsed.draft.title, TITLE_MAX) }), description }, clear: true, withoutEmail };
  }
  // Unclear: a guessed title or time is worse than none; the people and the words are kept.
  return { prefill: { title: '', attendees: parsed.draft.attendees ?? [], timeZone: opts.zone, description }, clear: false, withoutEmail };
}

/** At most `max` UTF-16 units (Slack's count), ending with an ellipsis when cut, never half a character. */
function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  const kept = text.slice(0, Math.max(0, max - 1)).replace(/[\uD800-\uDBFF]$/, '');
  return `${kept}\u2026`;
}

/** The link first, so cutting a long message to the form's limit never loses it. */
function describe(text: string, permalink: string | null): string {
  const head = permalink ? `From Slack: ${permalink}\n\n` : '';
  return `${head}${cut(text, DESCRIPTION_MAX - head.length)}`.trim();
}
