import type { Client } from '../clients/types.js';
import type { UserFacingError } from '../errors.js';
import type { CalendarEvent } from '../events/types.js';

/** What a client can answer an invitation with: Google's own `responseStatus` values. */
export type Answer = 'accepted' | 'tentative' | 'declined';
export const ANSWERS: readonly Answer[] = ['accepted', 'tentative', 'declined'];

/** Google keeps a guest's note on its answer (`comment`); we cap what a note may be. */
export const NOTE_MAX = 500;

/**
 * What an answer applies to: a one-off event, one occurrence of a repeating event, or every
 * occurrence (the series itself).
 */
export type AnswerScope = 'single' | 'instance' | 'series';

/** An invitation waiting for the client's answer. */
export interface Invitation {
  clientId: string;
  clientName: string;
  calendarId: string;
  /** The id to answer: the series' for a repeating invitation, else the event's own. */
  eventId: string;
  scope: AnswerScope;
  /** The event as shown: for a series, its first occurrence still waiting for an answer. */
  event: CalendarEvent;
  /** How many occurrences in the range wait for an answer (1 unless a series). */
  occurrences: number;
}

export interface PendingInvitations {
  invitations: Invitation[];
  /** Clients whose invitations could not be read, and why: never taken as "no invitations". */
  unreadable: { client: Client; error: UserFacingError }[];
}

export interface AnswerRequest {
  clientId: string;
  calendarId: string;
  eventId: string;
  answer: Answer;
  /** The client's note to the organizer; absent keeps the note Google has. */
  note?: string;
}

export interface Answered {
  client: Client;
  /** The event as Google has it after the answer. */
  event: CalendarEvent;
  answer: Answer;
  scope: AnswerScope;
  note: string | null;
}
