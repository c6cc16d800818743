import type { ModalView } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import type { Actor } from '../../core/clients/types.js';
import { viewerZone } from '../../core/clients/zone.js';
import { formInterval, formMinutes } from '../../core/events/form.js';
import { DEFAULT_EVENT_MINUTES } from '../../core/events/quick-add.js';
import type { FreeSlot } from '../../core/stack/free-slots.js';
import { UserFacingError } from '../../core/errors.js';
import type { Logger } from '../../logger.js';
import { logFailure } from '../../shared/log-failure.js';
import type { SlackDeps } from '../deps.js';
import { wordingOf } from '../views/error-text.js';
import { withTimes } from '../views/event-modal.js';
import { modalOf, withCheckLine, withFindRow, type FormCheck, type TimeChoices } from '../views/form-check.js';
import { parseMeta } from '../views/meta.js';
import { eventFormValues } from './event-values.js';

export type FormCheckDeps = Pick<SlackDeps, 'availability' | 'directory' | 'clock'>;

/** The open event form as a block_actions payload carries it. */
export interface OpenForm {
  id: string;
  hash: string;
  blocks: unknown[];
  title: unknown;
  callback_id?: string;
  private_metadata?: string;
  submit?: unknown;
  close?: unknown;
  state: { values: Parameters<typeof eventFormValues>[0] };
}

export interface FormCheckRequest {
  client: WebClient;
  log: Logger;
  deps: FormCheckDeps;
  actor: Actor;
  view: OpenForm;
}

// Loose on purpose: the form's own validation judges addresses on submit; here an address
// that is not one is simply not asked about.
const LOOKS_LIKE_EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/** What the form holds now: the client, the time, the guests' emails (Slack guests by their profile's). */
async function readForm(req: FormCheckRequest) {
  const form = eventFormValues(req.view.state.values);
  const meta = parseMeta(req.view.private_metadata);
  const slackEmails = await Promise.all(form.slackUsers.map((u) => req.deps.directory.profile(req.actor.teamId, u).then((p) => p?.email ?? null, () => null)));
  const guests = [...form.attendees.filter((a) => LOOKS_LIKE_EMAIL.test(a)), ...slackEmails.flatMap((e) => (e ? [e] : []))];
  return { form, clientId: form.clientId ?? meta.clientId ?? null, eventId: meta.eventId, guests };
}

/** Why a check could not be made, in a few words for the line under the time. */
function reasonOf(err: unknown): string {
  if (err instanceof UserFacingError) return wordingOf(err)?.message ?? err.message;
  return 'something went wrong';
}

/**
 * views.update guarded by the hash of the view we built on: when Slack has a newer view
 * (the user changed something again, another check landed first) ours is dropped, not forced.
 * Returns the new hash, or null when dropped.
 */
async function updateUnlessStale(req: FormCheckRequest, hash: string, view: ModalView): Promise<string | null> {
  try {
    const res = await req.client.views.update({ view_id: req.view.id, hash, view });
    return res.view?.hash ?? null;
  } catch (err) {
    if ((err as { data?: { error?: string } }).data?.error === 'hash_conflict') return null;
    throw err;
  }
}

/** Shows `first` at once, then what `then` finds: a slow Google shows the first, a failed one its reason. */
async function twoStep(req: FormCheckRequest, first: ModalView, then?: () => Promise<ModalView>): Promise<void> {
  try {
    const hash = await updateUnlessStale(req, req.view.hash, first);
    if (!hash || !then) return;
    await updateUnlessStale(req, hash, await then());
  } catch (err) {
    // The form stays as it is; a check that could not be shown is not worth an error dialog.
    logFailure(req.log, err, 'could not update the event form check');
  }
}

/** The time or the guests changed: conflicts and guests' free/busy under the time (`span`: a time just filled in). */
export async function refreshCheck(req: FormCheckRequest, base: ModalView = modalOf(req.view), chosen?: { start: Date; end: Date }): Promise<void> {
  const { form, clientId, eventId, guests } = await readForm(req);
  const span = chosen ?? formInterval(form);
  const zone = await viewerZone(req.deps.directory, req.actor, form.timeZone || 'UTC');
  const show = (check: FormCheck) => withCheckLine(base, check, zone);
  if (!span || !clientId) {
    await twoStep(req, show({ kind: 'idle' }));
    return;
  }
  await twoStep(req, show({ kind: 'checking' }), async () => show(await checkSpan(req, { clientId, guests, span, ...(eventId ? { eventId } : {}) })));
}

/**
 * A time checked against the user's clients' events (`eventId`: the one being edited, left out)
 * and the guests' free/busy through the client's connection. A failure is the check's answer.
 */
export async function checkSpan(
  req: Pick<FormCheckRequest, 'deps' | 'actor' | 'log'>,
  q: { clientId: string; guests: readonly string[]; span: { start: Date; end: Date }; eventId?: string },
): Promise<FormCheck> {
  try {
    const [{ overlaps, unreadable }, guests] = await Promise.all([
      req.deps.availability.overlapping(req.actor, q.span, q.eventId ? { except: q.eventId } : {}),
      req.deps.availability.guests(req.actor, q.clientId, q.guests, q.span),
    ]);
    return { kind: 'checked', overlaps, unreadable, guests };
  } catch (err) {
    logFailure(req.log, err, 'checking an event\u2019s time failed');
    return { kind: 'failed', reason: reasonOf(err) };
  }
}

/** Find a time: the next three times when the client and every known guest are free. */
export async function findTimes(req: FormCheckRequest): Promise<void> {
  const { form, clientId, guests } = await readForm(req);
  const base = modalOf(req.view);
  const zone = await viewerZone(req.deps.directory, req.actor, form.timeZone || 'UTC');
  const show = (choices: TimeChoices) => withFindRow(base, choices, zone);
  if (!clientId) {
    await twoStep(req, show({ kind: 'failed', reason: 'choose a client first' }));
    return;
  }
  await twoStep(req, show({ kind: 'looking' }), async () => {
    try {
      const minutes = formMinutes(form, DEFAULT_EVENT_MINUTES);
      const found = await req.deps.availability.findTimes(req.actor, { clientId, guests, minutes, now: req.deps.clock.now() });
      return show({ kind: 'found', ...found });
    } catch (err) {
      logFailure(req.log, err, 'finding a time failed');
      return show({ kind: 'failed', reason: reasonOf(err) });
    }
  });
}

/** A proposed time chosen: it fills in the start and end, and the check runs for it. */
export async function pickTime(req: FormCheckRequest, slot: FreeSlot): Promise<void> {
  const { form } = await readForm(req);
  const filled = withTimes(modalOf(req.view), slot, form.timeZone || 'UTC');
  await refreshCheck(req, filled, { start: new Date(slot.start), end: new Date(slot.end) });
}
