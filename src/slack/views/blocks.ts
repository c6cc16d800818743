import type { KnownBlock } from '@slack/types';
import { truncate } from './mrkdwn.js';

/** Slack caps a section's text at 3000 characters; we stay a little under. */
const SECTION_MAX = 2900;
/** Block Kit's limits on a button: its `value`, and its `url`. */
export const BUTTON_VALUE_MAX = 2000;
export const BUTTON_URL_MAX = 3000;

export const section = (text: string): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text: truncate(text, 3000) } });

/**
 * Lines packed into as few sections as the 3000-character limit allows. With `maxBlocks`, lines
 * past that many sections are left out, and `more` (given how many) says so at the end of the last.
 */
export function packLines(lines: readonly string[], opts: { maxBlocks?: number; more?: (left: number) => string } = {}): KnownBlock[] {
  const sections: string[] = [];
  let chunk: string[] = [];
  // The chunk's joined length, kept as lines are added: joining it again for every line made a
  // 600-event agenda quadratic in the lines of each section.
  let length = 0;
  let shown = 0;
  for (const line of lines) {
    if (chunk.length && length + 1 + line.length > SECTION_MAX) {
      if (sections.length === (opts.maxBlocks ?? Infinity) - 1) break;
      sections.push(chunk.join('\n'));
      chunk = [];
    }
    length = chunk.length ? length + 1 + line.length : line.length;
    chunk.push(line);
    shown++;
  }
  if (chunk.length) sections.push(chunk.join('\n'));
  if (shown < lines.length && opts.more) sections[sections.length - 1] += `\n${opts.more(lines.length - shown)}`;
  return sections.map(section);
}
