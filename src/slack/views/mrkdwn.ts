/**
 * Escapes Slack's only mrkdwn control characters. Mentions and links exist
 * only inside <…>, so this neutralises <!channel>, <@U…> and <url|text>.
 * Every user-supplied string shown in mrkdwn goes through here.
 */
export function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Cuts text to `max` characters, ending with an ellipsis when it had to cut. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}

/**
 * esc(text), cut with an ellipsis so the escaped text is at most `max`
 * characters: escaping can make text five times longer, and a reply over
 * Slack's limits is refused whole, so the user would hear nothing.
 */
export function escFit(text: string, max: number): string {
  const escaped = esc(text);
  if (escaped.length <= max) return escaped;
  let out = '';
  // By code point, so neither an entity nor a surrogate pair is split.
  for (const ch of text) {
    const e = esc(ch);
    if (out.length + e.length > max - 1) break;
    out += e;
  }
  return `${out}\u2026`;
}
