import type { ClientService } from '../clients/service.js';
import type { Actor, Client } from '../clients/types.js';
import type { CalendarService } from '../calendars/service.js';
import type { ClientCalendars } from '../calendars/ports.js';
import type { CalendarInfo } from '../events/types.js';
import { CoreError, UserFacingError } from '../errors.js';
import { importFormatOf, sizeProblem } from './parse.js';
import { runImport } from './runner.js';
import type { ApplyImportItem, ImportFiles, ImportQueue, ImportReporter, ImportRequest, ImportRunRecord, ImportRunStore, SharedFile } from './run-types.js';
import { IMPORT_LIMITS, type DuplicatePolicy } from './types.js';

export interface ImportServiceDeps {
  store: ImportRunStore;
  clients: Pick<ClientService, 'get'>;
  calendars: Pick<CalendarService, 'calendars'>;
  google: ClientCalendars;
  files: ImportFiles;
  queue: ImportQueue;
  apply: ApplyImportItem;
  /** Shows a run in its DM message (`run.channel`/`run.ts`, or a new one it then keeps). */
  reporterFor: (run: ImportRunRecord) => ImportReporter;
  /** At most one progress report per this many ms, plus the final one (2000). */
  progressIntervalMs?: number;
  now?: () => number;
}

export type ImportService = ReturnType<typeof createImportService>;

/** The calendars an import may write to: the client's own and those shared with it to edit. */
export const writable = (calendars: CalendarInfo[]) => calendars.filter((c) => c.accessRole === 'owner' || c.accessRole === 'writer');

const refuse = (reason: string) => new CoreError('invalid_input', { reason });

/**
 * Imports a file of events into a client's calendar: checked and queued in the request (who may,
 * which file, which calendar), read and written in the job engine (runner.ts), shown in one DM
 * message from "Reading the file" to the final report. Retry writes again only what failed; Cancel
 * stops the run where it is (what was written stays).
 */
export function createImportService(deps: ImportServiceDeps) {
  const { store } = deps;

  /** The run, when it is this user's in this workspace; anything else is "gone". */
  async function load(actor: Actor, runId: string): Promise<ImportRunRecord> {
    const run = await store.get(actor.teamId, runId);
    if (!run || run.userId !== actor.userId) throw refuse('That import is no longer there.');
    return run;
  }

  /** A client this user manages, and the calendars an import may write to (primary first). */
  async function targets(actor: Actor, clientId: string): Promise<{ client: Client; calendars: CalendarInfo[] }> {
    const { client, calendars } = await deps.calendars.calendars(actor, clientId);
    return { client, calendars: writable(calendars) };
  }

  /**
   * Records an import of `file` and queues it. The client must be one this user manages (checked
   * before anything of the file is read); the file a .ics or .csv within the size limit.
   */
  async function start(actor: Actor, q: { clientId: string; calendarId?: string | null; file: SharedFile; duplicates: DuplicatePolicy }): Promise<ImportRunRecord> {
    const client = await deps.clients.get(actor, q.clientId);
    const format = importFormatOf(q.file.name, q.file.filetype);
    if (!format) throw refuse('Choose an iCalendar (.ics) or CSV (.csv) file.');
    const tooBig = sizeProblem(q.file.size);
    if (tooBig) throw refuse(tooBig);
    const { calendars } = await targets(actor, client.id);
    const calendar = q.calendarId ? calendars.find((c) => c.id === q.calendarId) : (calendars.find((c) => c.primary) ?? calendars[0]);
    if (!calendar) throw refuse(`${client.name} has no calendar Calendar Stacker may add events to.`);
    const run = await store.create({
      teamId: actor.teamId,
      userId: actor.userId,
      clientId: client.id,
      calendarId: calendar.id,
      fileId: q.file.id,
      fileName: q.file.name,
      format,
      duplicates: q.duplicates,
    });
    await deps.queue.enqueue({ teamId: actor.teamId, userId: actor.userId, runId: run.id });
    return run;
  }

  /** Stops a run at its next item; what was written stays. */
  async function cancel(actor: Actor, runId: string): Promise<void> {
    await load(actor, runId);
    await store.updateIf(actor.teamId, runId, ['queued', 'running'], { status: 'cancelled' });
  }

  /**
   * A run stopped as a whole (Google unavailable, the connection revoked) goes on from where it
   * stopped; a finished one writes its failed items again (the same events: nothing is made twice).
   */
  async function retry(actor: Actor, runId: string): Promise<void> {
    const run = await load(actor, runId);
    let moved: boolean;
    if (run.status === 'failed') moved = await store.updateIf(actor.teamId, runId, ['failed'], { status: 'queued', error: null });
    else if (run.failures.length) moved = await store.updateIf(actor.teamId, runId, ['done', 'cancelled'], { status: 'queued', retrying: run.failures.map((f) => f.index), failures: [], cursor: 0 });
    else throw refuse('Nothing failed in that import.');
    if (moved) await deps.queue.enqueue({ ...actor, runId });
  }

  /** The file had problems: imports its valid events anyway, as the user chose. */
  async function importValid(actor: Actor, runId: string): Promise<void> {
    await load(actor, runId);
    const moved = await store.updateIf(actor.teamId, runId, ['problems'], { status: 'queued', skipProblems: true });
    if (moved) await deps.queue.enqueue({ ...actor, runId });
  }

  /**
   * Runs a queued import, in whichever process takes it. Safe to run again after a crash: it
   * starts at the stored cursor. A run gone, not this user's, or no longer queued or running
   * (cancelled, done) is left alone.
   */
  async function perform(req: ImportRequest, signal?: AbortSignal): Promise<void> {
    const actor: Actor = { teamId: req.teamId, userId: req.userId };
    const run = await store.get(actor.teamId, req.runId);
    if (!run || run.userId !== actor.userId) return;
    const report = deps.reporterFor(run);
    // Cancelled before it started (or while it was handed over): its message says so, nothing more.
    if (run.status === 'cancelled') {
      await report({ run, clientName: '', done: run.cursor, of: run.retrying?.length ?? run.total, problems: [], valid: 0, final: true });
      return;
    }
    if (!['queued', 'running'].includes(run.status)) return;
    let client: Client;
    let content: string;
    try {
      // Checked again here: a manager removed since the request no longer imports anything.
      client = await deps.clients.get(actor, run.clientId);
      content = await deps.files.read(actor.teamId, run.fileId, IMPORT_LIMITS.maxBytes);
    } catch (err) {
      if (!(err instanceof UserFacingError)) throw err;
      const failed = { ...run, status: 'failed' as const, error: err.message };
      await store.update(actor.teamId, run.id, { status: 'failed', error: err.message });
      await report({ run: failed, clientName: '', done: 0, of: 0, problems: [], valid: 0, final: true });
      return;
    }
    await runImport(
      {
        store,
        apply: deps.apply,
        progressIntervalMs: deps.progressIntervalMs ?? 2000,
        now: deps.now ?? Date.now,
      },
      { run, client, content, calendar: deps.google.calendarFor(actor.teamId, client), report, ...(signal ? { signal } : {}) },
    );
  }

  return { targets, start, cancel, retry, importValid, perform };
}
