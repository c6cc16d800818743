import { esc } from '../mrkdwn.js';
import { UserFacingError } from '../../core/errors.js';

/** The message a user sees when something fails: what happened and what to do. */
export function errorMessage(err: unknown) {
  const text =
    err instanceof UserFacingError
      ? `:warning: ${esc(err.message)}${err.hint ? `\n${esc(err.hint)}` : ''}`
      : ':warning: Something went wrong on our side and nothing was changed. Please try again in a moment; if it keeps happening, tell your Calendar Stacker admin.';
  return {
    response_type: 'ephemeral' as const,
    replace_original: false,
    text,
    blocks: [{ type: 'section' as const, text: { type: 'mrkdwn' as const, text } }],
  };
}
