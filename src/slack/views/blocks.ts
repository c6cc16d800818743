import type { KnownBlock } from '@slack/types';
import { truncate } from '../mrkdwn.js';

/** Slack caps a section's text at 3000 characters; we stay a little under. */
const SECTION_MAX = 2900;

export const section = (text: string): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text: truncate(text, 3000) } });

/** Lines packed into as few sections as the 3000-character limit allows. */
export function packLines(lines: string[]): KnownBlock[] {
  const out: KnownBlock[] = [];
  let chunk: string[] = [];
  for (const line of lines) {
    if (chunk.length && [...chunk, line].join('\n').length > SECTION_MAX) {
      out.push(section(chunk.join('\n')));
      chunk = [];
    }
    chunk.push(line);
  }
  if (chunk.length) out.push(section(chunk.join('\n')));
  return out;
}
