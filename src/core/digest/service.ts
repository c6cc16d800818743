import { DateTime, IANAZone } from 'luxon';
import type { Actor } from '../clients/types.js';
import type { Agenda, StackService } from '../stack/service.js';
import type { Clock } from '../../shared/clock.js';
import type { Metrics } from '../metrics.js';

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
  /** The user's subscription, or null when their digest is off. */
  subscription(teamId: string, userId: string): Promise<DigestSubscription | null>;
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

/**
 * The job engine's side: a daily trigger per user that only asks "is this user's digest due?",
 * answered by `sendDue` against the app's clock.
 */
export interface DigestScheduler {
  /** Adds or replaces the user's daily trigger at `time` in `timeZone`. */
  schedule(sub: Pick<DigestSubscription, 'teamId' | 'userId' | 'time' | 'timeZone'>): Promise<void>;
  unschedule(actor: Actor): Promise<void>;
  /** Asks whether the user's digest is due, now or after `delaySeconds`. */
  check(actor: Actor, delaySeconds?: number): Promise<void>;
}

export interface DigestDeps {
  store: DigestStore;
  stack: Pick<StackService, 'agenda'>;
  sender: DigestSender;
  scheduler: DigestScheduler;
  clock: Clock;
  metrics: Pick<Metrics, 'digestLateness'>;
}

/**
 * A trigger that fires before the chosen minute looks again at the due time rather than missing
 * the day: the job engine's daily triggers fire a few minutes early on purpose (its cron pass comes
 * round late and hands out hundreds of occurrences slowly), and the database's clock and this
 * process's differ slightly. So the minute itself is kept by a check delayed to it.
 */
export const LOOK_AGAIN_WITHIN_MS = 10 * 60_000;

/** The local date whose digest is due now, or null when it is not time yet (or it was sent). */
export function dueDate(sub: DigestSubscription, now: Date): string | null {
  const local = DateTime.fromJSDate(now, { zone: sub.timeZone });
  if (!local.isValid) return null;
  const date = local.toISODate();
  if (sub.lastSentOn === date) return null;
  return local.toFormat('HH:mm') >= sub.time ? date : null;
}

/**
 * How long until the digest is next due in the user's zone: today's minute while it is ahead, else
 * tomorrow's (a trigger at 23:55 for 00:00 looks at the next day's).
 */
export function msUntilNextDue(sub: Pick<DigestSubscription, 'time' | 'timeZone'>, now: Date): number | null {
  const local = DateTime.fromJSDate(now, { zone: sub.timeZone });
  if (!local.isValid) return null;
  const [hour, minute] = sub.time.split(':').map(Number);
  const on = (day: DateTime) => day.set({ hour: hour ?? 0, minute: minute ?? 0, second: 0, millisecond: 0 });
  const today = on(local);
  const due = today > local ? today : on(local.plus({ days: 1 }));
  return due.toMillis() - local.toMillis();
}

/** When the digest of the local date `date` was due, in ms. */
function dueAt(sub: DigestSubscription, date: string): number {
  const [hour, minute] = sub.time.split(':').map(Number);
  return DateTime.fromISO(date, { zone: sub.timeZone }).set({ hour: hour ?? 0, minute: minute ?? 0 }).toMillis();
}

/** One user's agenda for the day `date` in `zone`. */
async function digestOf(stack: DigestDeps['stack'], actor: Actor, zone: string, date: string): Promise<Digest> {
  const day = DateTime.fromISO(date, { zone });
  const agenda = await stack.agenda(actor, { start: day.toJSDate(), end: day.plus({ days: 1 }).toJSDate(), zone });
  return { date, zone, agenda };
}

export function createDigestService(deps: DigestDeps) {
  const { store, scheduler, sender, clock } = deps;
  /** Saves the settings; the user's trigger follows them, and a digest already due today goes now. */
  async function save(teamId: string, userId: string, settings: { enabled: boolean; time: string; timeZone: string }): Promise<void> {
    await store.save(teamId, userId, settings);
    const actor = { teamId, userId };
    if (!settings.enabled) return scheduler.unschedule(actor);
    await scheduler.schedule({ ...actor, time: settings.time, timeZone: settings.timeZone });
    await scheduler.check(actor);
  }
  return {
    get: (teamId: string, userId: string) => store.get(teamId, userId),
    save,
    /**
     * The user's own zone changed (they travelled, or set it in Slack): their digest keeps its time
     * of day, now in the new zone. False when there was nothing to move.
     */
    async followZone(actor: Actor, timeZone: string): Promise<boolean> {
      const sub = await store.subscription(actor.teamId, actor.userId);
      if (!sub || sub.timeZone === timeZone || !IANAZone.isValidZone(timeZone)) return false;
      await save(actor.teamId, actor.userId, { enabled: true, time: sub.time, timeZone });
      return true;
    },
    /**
     * At start: every subscription's trigger is written again (one saved before the job engine
     * existed gets one) and its digest looked for, so one missed while no process ran goes late, once.
     * Returns how many were resumed.
     */
    async resume(): Promise<number> {
      const failures: unknown[] = [];
      const subs = await store.subscriptions();
      // One user whose trigger cannot be written must not cost everyone after them theirs.
      for (const sub of subs) {
        await scheduler.schedule(sub).then(() => scheduler.check(sub)).catch((err: unknown) => failures.push(err));
      }
      if (failures.length) throw new AggregateError(failures, `${failures.length} daily digest trigger(s) could not be written`);
      return subs.length;
    },
    /**
     * Sends the user's digest if it is due. The claim (one conditional update of the day's date)
     * is what makes it once a day across replicas, restarts and repeated triggers; a failed send
     * gives the claim back and throws, so the job engine retries it.
     */
    async sendDue(actor: Actor): Promise<'sent' | 'not due'> {
      const sub = await store.subscription(actor.teamId, actor.userId);
      if (!sub) return 'not due';
      const now = clock.now();
      const date = dueDate(sub, now);
      if (!date) {
        const wait = msUntilNextDue(sub, now);
        if (wait !== null && wait <= LOOK_AGAIN_WITHIN_MS) await scheduler.check(actor, Math.ceil(wait / 1000));
        return 'not due';
      }
      if (!(await store.claim(sub.teamId, sub.userId, date))) return 'not due';
      try {
        await sender.send(actor, await digestOf(deps.stack, actor, sub.timeZone, date));
        deps.metrics.digestLateness.observe({}, Math.max(0, clock.now().getTime() - dueAt(sub, date)) / 1000);
        return 'sent';
      } catch (err) {
        await store.release(sub.teamId, sub.userId, date, sub.lastSentOn);
        throw err;
      }
    },
  };
}

export type DigestService = ReturnType<typeof createDigestService>;
/** What Slack's listeners and the Home tab use. */
export type DigestSettings = Pick<DigestService, 'get' | 'save' | 'followZone'>;
