import type { KnownBlock } from '@slack/types';
import type { Subcommand } from '../commands/types.js';
import { esc, truncate } from '../mrkdwn.js';
import { packLines } from './blocks.js';

export const COMMAND = '/calstack';

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
  const lines = subcommands.map((s) => `\`${usageOf(s)}\` \u2014 ${s.summary}`);
  blocks.push(...packLines(lines));
  blocks.push({
    type: 'context',
    elements: [{ type: 'mrkdwn', text: `Replies are only visible to you. \`${COMMAND} help\` shows this list again.` }],
  });
  const text = opts.unknown !== undefined ? `Unknown command "${esc(truncate(opts.unknown, 100))}". ${lines.length} commands available.` : 'Calendar Stacker commands';
  return { response_type: 'ephemeral' as const, replace_original: false, text, blocks };
}
