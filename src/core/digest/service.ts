import { DateTime } from 'luxon';
import type { Actor } from '../clients/types.js';
import type { Agenda, StackService } from '../stack/service.js';

export interface DigestSubscription {
  teamId: string;
  userId: string;
  /** "HH:mm" in `timeZone`. */
  time: string;
  timeZone: string;
  lastSentOn: string | null;
}

export interface DigestStore {
  subscriptions(): Promise<DigestSubscription[]>;
  /**
   * Marks today's digest as this process's to send. Atomic in the database, so
   * only one of several processes sharing it wins; false when already claimed.
   */
  claim(teamId: string, userId: string, localDate: string): Promise<boolean>;
  /** Gives a claim back when sending failed, so the digest is tried again later. */
  release(teamId: string, userId: string, localDate: string, previous: string | null): Promise<void>;
  save(teamId: string, userId: string, settings: { enabled: boolean; time: string; timeZone: string }): Promise<void>;
  get(teamId: string, userId: string): Promise<{ enabled: boolean; time: string | null; timeZone: string | null }>;
}

/** One user's digest: the agenda of `date` (YYYY-MM-DD in `zone`), with their bulk jobs on it. */
export interface Digest {
  date: string;
  zone: string;
  agenda: Agenda;
}

export interface DigestSender {
  /** Shows one user their digest (renders and posts it; the agenda is already read). */
  send(actor: Actor, digest: Digest): Promise<void>;
}

export interface DigestDeps {
  store: DigestStore;
  stack: Pick<StackService, 'agenda'>;
  sender: DigestSender;
}

/** The local date whose digest is due now, or null when it is not time yet (or it was sent). */
export function dueDate(sub: DigestSubscription, now: Date): string | null {
  const local = DateTime.fromJSDate(now, { zone: sub.timeZone });
  if (!local.isValid) return null;
  const date = local.toISODate();
  if (sub.lastSentOn === date) return null;
  return local.toFormat('HH:mm') >= sub.time ? date : null;
}

/** One user's agenda for the day `date` in `zone`. */
async function digestOf(stack: DigestDeps['stack'], actor: Actor, zone: string, date: string): Promise<Digest> {
  const day = DateTime.fromISO(date, { zone });
  const agenda = await stack.agenda(actor, { start: day.toJSDate(), end: day.plus({ days: 1 }).toJSDate(), zone });
  return { date, zone, agenda };
}

/** One pass: every due digest is claimed, then sent; a failed send is released to be retried. */
export async function runDigests(deps: DigestDeps, now: Date, onError: (err: unknown, sub: DigestSubscription) => void): Promise<number> {
  const { store, sender } = deps;
  let sent = 0;
  for (const sub of await store.subscriptions()) {
    const date = dueDate(sub, now);
    if (!date || !(await store.claim(sub.teamId, sub.userId, date))) continue;
    const actor = { teamId: sub.teamId, userId: sub.userId };
    try {
      await sender.send(actor, await digestOf(deps.stack, actor, sub.timeZone, date));
      sent++;
    } catch (err) {
      await store.release(sub.teamId, sub.userId, date, sub.lastSentOn);
      onError(err, sub);
    }
  }
  return sent;
}
