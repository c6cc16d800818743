import type { Client } from '../clients/types.js';
import type { ClientCalendar } from '../calendars/ports.js';
import { UserFacingError } from '../errors.js';
import { throttle } from '../bulk/progress.js';
import { parseImportFile } from './parse.js';
import type { ApplyImportItem, ImportReporter, ImportRunPatch, ImportRunRecord, ImportRunStore, ImportSnapshot } from './run-types.js';
import type { ImportOutcome, ParsedImport } from './types.js';

export interface ImportRunnerDeps {
  store: ImportRunStore;
  apply: ApplyImportItem;
  progressIntervalMs: number;
  now: () => number;
}

/**
 * How often (in items) a run saves how far it got and looks whether it was cancelled: a Cancel
 * stops it within this many events, and a crash redoes at most this many (found in Google, they
 * count as skipped). Saving after every item cost a write per event; this keeps the writes (and
 * the failures list each one carries) a tenth of that.
 */
const SAVE_EVERY = 10;

/** What the file holds, read in the client's zone; the runner reads it again on every run (nothing of it is stored). */
const parsedOf = (run: ImportRunRecord, client: Client, content: string): Promise<ParsedImport> => parseImportFile(content, run.format, { defaultTimeZone: client.timeZone });

/**
 * Writes a run's items from its cursor on, saving the cursor and the counts every few items, so a
 * run taken over after a crash goes on about where this one stopped (items written since the last
 * save are written again: the same events, counted as skipped or updated). A file with problems
 * writes nothing unless the user chose to import its valid events.
 */
export async function runImport(
  deps: ImportRunnerDeps,
  q: { run: ImportRunRecord; client: Client; content: string; calendar: ClientCalendar; report: ImportReporter; signal?: AbortSignal },
): Promise<void> {
  const { store } = deps;
  const { client, calendar, report, signal } = q;
  let run = q.run;
  const parsed = await parsedOf(run, client, q.content);
  const view = (done: number, of: number, final: boolean): ImportSnapshot => ({ run, clientName: client.name, done, of, problems: final && run.status === 'problems' ? parsed.problems : [], valid: parsed.items.length, final });
  const save = async (patch: ImportRunPatch) => {
    run = { ...run, ...patch };
    await store.update(run.teamId, run.id, patch);
  };
  /** How far the run got, as kept in memory since the last save. */
  const progressed = (): ImportRunPatch => ({ cursor: run.cursor, created: run.created, updated: run.updated, skipped: run.skipped, failures: run.failures });

  if (parsed.problems.length && !run.skipProblems) {
    await save({ status: 'problems', total: parsed.items.length });
    await report(view(0, 0, true));
    return;
  }
  if (!parsed.items.length) {
    await save({ status: 'failed', error: 'The file holds no events.' });
    await report(view(0, 0, true));
    return;
  }
  const indexes = run.retrying ?? parsed.items.map((_, i) => i);
  await save({ status: 'running', total: parsed.items.length });
  await report(view(run.cursor, indexes.length, false));
  const progress = throttle(report, deps.progressIntervalMs, deps.now);

  const from = run.cursor;
  for (let at = from; at < indexes.length; at++) {
    if (signal?.aborted) {
      // Handed back (a stop, a missed heartbeat): the job must not end as done. Whoever takes it
      // next goes on from the saved cursor and reports from there.
      progress.stop();
      throw new Error('the import was handed to another process');
    }
    if (at > from && (at - from) % SAVE_EVERY === 0) {
      await save(progressed());
      if ((await store.get(run.teamId, run.id))?.status === 'cancelled') {
        run = { ...run, status: 'cancelled' };
        break;
      }
    }
    const index = indexes[at] ?? 0;
    const item = parsed.items[index];
    let outcome: ImportOutcome;
    try {
      // Imported events email nobody: they are copies of events their guests already had.
      outcome = item ? await deps.apply(calendar, run.calendarId, item, run.duplicates, 'none') : { status: 'failed', reason: 'This event is no longer in the file.' };
    } catch (err) {
      // What fails every item alike (the connection revoked, Google down after its retries) stops
      // the run where it is, said in the report; Retry goes on from there. Our own failures fail
      // the job, which the engine runs again from the cursor.
      if (!(err instanceof UserFacingError)) throw err;
      progress.stop();
      await save({ ...progressed(), status: 'failed', error: err.message });
      await report(view(at, indexes.length, true));
      return;
    }
    run = { ...run, cursor: at + 1, ...counted(run, outcome, index, item?.source ?? `item ${index + 1}`) };
    progress.push(view(at + 1, indexes.length, false));
  }
  // A Cancel that came while the last items were written still ends the run as cancelled.
  if (run.status !== 'cancelled' && (await store.get(run.teamId, run.id))?.status === 'cancelled') run = { ...run, status: 'cancelled' };
  await save({ ...progressed(), status: run.status === 'cancelled' ? 'cancelled' : 'done', retrying: null });
  await progress.finish(view(run.cursor, indexes.length, true));
}

/** The counts after one more item's outcome. */
function counted(run: ImportRunRecord, outcome: ImportOutcome, index: number, source: string): ImportRunPatch {
  switch (outcome.status) {
    case 'created':
      return { created: run.created + 1 };
    case 'updated':
      return { updated: run.updated + 1 };
    case 'skipped':
      return { skipped: { ...run.skipped, [outcome.reason]: (run.skipped[outcome.reason] ?? 0) + 1 } };
    case 'failed':
      return { failures: [...run.failures, { index, source, reason: outcome.reason }] };
  }
}
