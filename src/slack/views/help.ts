import type { KnownBlock } from '@slack/types';
import type { Subcommand } from '../commands/types.js';
import { esc, truncate } from './mrkdwn.js';
import { packLines } from './blocks.js';
import { count } from '../../shared/plural.js';

export const COMMAND = '/calstack';

/** The shortcuts of manifest.yml (features.shortcuts), by the names Slack shows. */
const SHORTCUTS =
  '*Shortcuts:* *Add to calendar* in the \u2026 menu of any message opens the event form filled in from the message (time, guests, its link); *New event* in the search bar or the + menu opens the empty form for your default client.';

export function usageOf(sub: Pick<Subcommand, 'name' | 'args'>): string {
  return `${COMMAND} ${sub.name}${sub.args ? ` ${sub.args}` : ''}`;
}

export interface HelpOptions {
  /** What the user typed that matched nothing. */
  unknown?: string;
  suggestions?: string[];
}

export function helpMessage(subcommands: readonly Subcommand[], opts: HelpOptions = {}) {
  const blocks: KnownBlock[] = [];
  let intro = '*Calendar Stacker* runs your clients\u2019 Google Calendars from Slack.';
  if (opts.unknown !== undefined) {
    const didYouMean = opts.suggestions?.length
      ? ` Did you mean ${opts.suggestions.map((s) => `\`${COMMAND} ${esc(s)}\``).join(' or ')}?`
      : '';
    intro = `I don\u2019t know the command \`${esc(truncate(opts.unknown, 100))}\`.${didYouMean}`;
  }
  blocks.push({ type: 'section', text: { type: 'mrkdwn', text: intro } });
  // Slack reads <…> as a link or mention even inside code: escape the placeholders.
  const lines = subcommands.map((s) => `\`${esc(usageOf(s))}\` \u2014 ${esc(s.summary)}`);
  blocks.push(...packLines(lines));
  blocks.push({ type: 'section', text: { type: 'mrkdwn', text: SHORTCUTS } });
  blocks.push({
    type: 'context',
    elements: [{ type: 'mrkdwn', text: `Replies are only visible to you. \`${COMMAND} help\` shows this list again.` }],
  });
  const text = opts.unknown !== undefined ? `Unknown command "${esc(truncate(opts.unknown, 100))}". ${count(lines.length, 'command')} available.` : 'Calendar Stacker commands';
  return { response_type: 'ephemeral' as const, replace_original: false, text, blocks };
}
