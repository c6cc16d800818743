import type { ActionsBlock, KnownBlock } from '@slack/types';
import type { CalendarEvent } from '../../core/events/types.js';
import type { Answer, AnswerScope, Answered, Invitation, PendingInvitations } from '../../core/invitations/types.js';
import { wordingOf } from './error-text.js';
import { dayLabel, dayOf, timeRange } from './event-format.js';
import { esc, escFit } from './mrkdwn.js';
import { BUTTON_VALUE_MAX } from './blocks.js';
import { rsvpButtonValue, rsvpActions, type RsvpRef } from '../forms/rsvp.js';

/**
 * One invitation as a notice shows it (the change feed builds it from what it saw); `zone` is the
 * viewer's, `conflict` the caller's line, raw text (escaped here).
 */
export type InvitationNoticeInput = Omit<Invitation, 'occurrences'> & { occurrences?: number; zone: string; conflict?: string };

/** Two blocks (three with a conflict) per invitation keep a list within a message's 50. */
const LIST_MAX = 15;

const ANSWER_WORDS: Record<Answer, { button: string; done: string; emoji: string }> = {
  accepted: { button: 'Accept', done: 'Accepted', emoji: ':white_check_mark:' },
  tentative: { button: 'Maybe', done: 'Maybe', emoji: ':grey_question:' },
  declined: { button: 'Decline', done: 'Declined', emoji: ':x:' },
};

const titleOf = (event: CalendarEvent) => (event.title ? escFit(event.title, 200) : '_(no title)_');

const whenOf = (event: CalendarEvent, zone: string) => `${dayLabel(dayOf(event, zone))}, ${timeRange(event, zone)}`;

const organizerOf = (event: CalendarEvent) => (event.organizer ? escFit(event.organizer.displayName || event.organizer.email, 150) : 'someone else');

/** What an answer reaches, said before and after answering. */
export function scopeLine(scope: AnswerScope, occurrences = 1): string | null {
  if (scope === 'series') return `:repeat: Repeating: the answer applies to every occurrence${occurrences > 1 ? ` (${occurrences} in the next 30 days)` : ''}.`;
  if (scope === 'instance') return ':repeat: One occurrence of a repeating event: the answer applies to this occurrence only.';
  return null;
}

export function invitationDetails(input: Pick<InvitationNoticeInput, 'clientName' | 'event' | 'zone' | 'scope' | 'occurrences'>): string {
  const lines = [
    `*${escFit(input.clientName, 100)}* is invited to *${titleOf(input.event)}*`,
    `:calendar: ${whenOf(input.event, input.zone)}`,
    `:bust_in_silhouette: Organized by ${organizerOf(input.event)}`,
  ];
  const scope = scopeLine(input.scope, input.occurrences);
  if (scope) lines.push(scope);
  return lines.join('\n');
}

/** Accept / Maybe / Decline, or null when the ids would not fit in a button (answer it in Google Calendar then). */
export function answerButtons(ref: RsvpRef, blockId: string): ActionsBlock | null {
  const value = rsvpButtonValue(ref);
  if (value.length > BUTTON_VALUE_MAX) return null;
  const button = (answer: Answer) => ({
    type: 'button' as const,
    action_id: rsvpActions[answer],
    text: { type: 'plain_text' as const, text: ANSWER_WORDS[answer].button },
    value,
    ...(answer === 'accepted' ? { style: 'primary' as const } : answer === 'declined' ? { style: 'danger' as const } : {}),
  });
  return { type: 'actions', block_id: blockId, elements: [button('accepted'), button('tentative'), button('declined')] };
}

function invitationBlocks(input: InvitationNoticeInput, blockId: string, list?: string): KnownBlock[] {
  const blocks: KnownBlock[] = [{ type: 'section', text: { type: 'mrkdwn', text: invitationDetails(input) } }];
  if (input.conflict) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `:warning: ${escFit(input.conflict, 500)}` }] });
  const buttons = answerButtons({ c: input.clientId, k: input.calendarId, e: input.eventId, ...(list !== undefined ? { l: list } : {}) }, blockId);
  blocks.push(buttons ?? { type: 'context', elements: [{ type: 'mrkdwn', text: 'Answer this one in Google Calendar.' }] });
  return blocks;
}

/** One invitation with its buttons: the notice the change feed posts. */
export function invitationNotice(input: InvitationNoticeInput): { text: string; blocks: KnownBlock[] } {
  return { text: `${esc(input.clientName)} is invited to ${input.event.title ? esc(input.event.title) : 'an event'}`, blocks: invitationBlocks(input, 'rsvp') };
}

const noticeOf = (invitation: Invitation, zone: string): InvitationNoticeInput => ({ ...invitation, zone });

/**
 * `/calstack invites`: each invitation with its buttons. `list` is what the list was asked for
 * (a client's slug, or `*` for every client), so answering one can show the list again.
 */
export function invitationsList(result: PendingInvitations, zone: string, list: string, header?: string) {
  const blocks: KnownBlock[] = [];
  if (header) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: header } });
  const { invitations, unreadable } = result;
  if (!invitations.length && !unreadable.length) {
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: 'No invitations are waiting for an answer in the next 30 days.' } });
  }
  invitations.slice(0, LIST_MAX).forEach((invitation, n) => blocks.push(...invitationBlocks(noticeOf(invitation, zone), `rsvp|${n}`, list)));
  if (invitations.length > LIST_MAX) {
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `${invitations.length - LIST_MAX} more not shown: name a client (\`/calstack invites <client>\`), or answer these first.` }] });
  }
  if (unreadable.length) {
    const lines = unreadable.slice(0, 20).map(({ client, error }) => `\u2022 *${escFit(client.name, 100)}*: ${escFit(wordingOf(error)?.message ?? error.message, 300)}`);
    const more = unreadable.length > 20 ? `\n\u2026and ${unreadable.length - 20} more.` : '';
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `:warning: Could not check these clients\u2019 invitations:\n${lines.join('\n')}${more}` } });
  }
  const text = invitations.length
    ? `${invitations.length} invitation${invitations.length === 1 ? '' : 's'} waiting for an answer`
    : unreadable.length
      ? 'Some clients\u2019 invitations could not be checked'
      : 'No invitations are waiting for an answer';
  return { text, blocks };
}

/** The line saying who answered what; the message it replaces keeps no buttons. */
export function answeredLine(answered: Pick<Answered, 'answer' | 'event'> & { clientName: string; by: string }): string {
  const words = ANSWER_WORDS[answered.answer];
  return `${words.emoji} *${words.done}* by <@${answered.by}> for ${escFit(answered.clientName, 100)}: *${titleOf(answered.event)}*`;
}

/** The notice once answered: what the invitation was, and who answered what, with no buttons left. */
export function invitationAnswered(answered: Answered & { by: string; zone: string }) {
  const words = ANSWER_WORDS[answered.answer];
  const lines = [
    `${words.emoji} *${words.done}* by <@${answered.by}>`,
    invitationDetails({ clientName: answered.client.name, event: answered.event, zone: answered.zone, scope: answered.scope }),
  ];
  if (answered.note) lines.push(`Note to the organizer: ${escFit(answered.note, 600)}`);
  lines.push('The organizer was told.');
  const text = `${words.done} by <@${answered.by}>: ${esc(answered.client.name)}, ${answered.event.title ? esc(answered.event.title) : 'an event'}`;
  return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: lines.join('\n') } }] as KnownBlock[] };
}
