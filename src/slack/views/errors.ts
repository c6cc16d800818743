import { escFit } from './mrkdwn.js';
import { wordingOf } from './error-text.js';

/** Room for the message and the hint within a section's 3,000 characters, whatever the user typed into them. */
const MESSAGE_MAX = 2400;
const HINT_MAX = 500;

/** The message a user sees when something fails: what happened and what to do. */
export function errorMessage(err: unknown) {
  const worded = wordingOf(err);
  const text = worded
    ? `:warning: ${escFit(worded.message, MESSAGE_MAX)}${worded.hint ? `\n${escFit(worded.hint, HINT_MAX)}` : ''}`
    : ':warning: Something went wrong on our side and nothing was changed. Please try again in a moment; if it keeps happening, tell your Calendar Stacker admin.';
  return {
    response_type: 'ephemeral' as const,
    replace_original: false,
    text,
    blocks: [{ type: 'section' as const, text: { type: 'mrkdwn' as const, text } }],
  };
}
