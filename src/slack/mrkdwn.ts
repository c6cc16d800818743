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
