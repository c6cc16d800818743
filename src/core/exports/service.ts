import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import type { Actor } from '../clients/types.js';
import type { ClientService } from '../clients/service.js';
import type { Directory } from '../clients/ports.js';
import type { ClientCalendars, SeriesEvent } from '../calendars/ports.js';
import type { EventService } from '../events/service.js';
import { viewerZone } from '../clients/zone.js';
import { parseWhen } from '../events/when.js';
import { CoreError, UserFacingError } from '../errors.js';
import type { ExportCommand } from './command.js';
import { EXPORT_DEFAULT_DAYS, EXPORT_MAX_DAYS, type ExportDelivery, type ExportFile, type ExportJob, type ExportQueue } from './types.js';

export interface ExportServiceDeps {
  clients: Pick<ClientService, 'get' | 'resolve' | 'defaultClient'>;
  directory: Pick<Directory, 'profile'>;
  events: Pick<EventService, 'pickCalendar'>;
  google: ClientCalendars;
  queue: ExportQueue;
  delivery: ExportDelivery;
  now: () => Date;
  newId?: () => string;
}

export type ExportService = ReturnType<typeof createExportService>;

/** A file name of safe characters: the client, the calendar, the first day, the format. */
function filenameOf(job: ExportJob, zone: string): string {
  const safe = (s: string) => s.normalize('NFKD').replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'calendar';
  const day = DateTime.fromISO(job.start, { zone }).toISODate() ?? 'export';
  return `${safe(job.clientName)}-${safe(job.calendarName)}-${day}.${job.format}`;
}

export function createExportService(deps: ExportServiceDeps) {
  const newId = deps.newId ?? randomUUID;

  /**
   * Resolves what the user asked (only a client they manage: resolve and get refuse the others,
   * before anything is read from Google) and queues the export. Returns the queued job.
   */
  async function request(actor: Actor, command: ExportCommand): Promise<ExportJob> {
    const client = command.client ? await deps.clients.resolve(actor, command.client) : await deps.clients.defaultClient(actor);
    if (!client) throw new CoreError('invalid_input', { reason: 'Which client? Name one (`/calstack export <client>`), or set a default with `/calstack use <client>`.' });
    const zone = await viewerZone(deps.directory, actor, client.timeZone);
    const range = parseWhen(command.when, { now: deps.now(), zone, defaultDays: EXPORT_DEFAULT_DAYS, maxDays: EXPORT_MAX_DAYS });
    if ('error' in range) throw new CoreError('invalid_input', { reason: range.error });
    const { calendar } = await deps.events.pickCalendar(actor, client.id, command.calendar ?? undefined);
    const job: ExportJob = {
      jobId: newId(),
      actor,
      clientId: client.id,
      clientName: client.name,
      calendarId: calendar.id,
      calendarName: calendar.name,
      start: range.start.toISOString(),
      end: range.end.toISOString(),
      label: range.label,
      format: command.format,
    };
    await deps.queue.enqueue(job);
    return job;
  }

  /**
   * Reads the range page by page (progress after each page that has a next one), then writes the
   * file and delivers it. Only the compact events are kept between pages. A failure Google or
   * the user's access explains (a UserFacingError) is told to the user and ends the job: never
   * an empty file presented as success. Anything else throws, and the job is tried again.
   */
  async function perform(job: ExportJob, signal?: AbortSignal): Promise<ExportFile | null> {
    let file: ExportFile;
    try {
      // Access is checked again: a manager removed since the request gets nothing.
      const client = await deps.clients.get(job.actor, job.clientId);
      const calendar = deps.google.calendarFor(job.actor.teamId, client);
      const events: SeriesEvent[] = [];
      let timeZone: string | null = null;
      let pageToken: string | undefined;
      do {
        signal?.throwIfAborted();
        const page = await calendar.listSeriesPage({ calendarId: job.calendarId, timeMin: new Date(job.start), timeMax: new Date(job.end), pageToken });
        events.push(...page.events);
        timeZone ??= page.timeZone;
        pageToken = page.nextPageToken ?? undefined;
        if (pageToken) await deps.delivery.progress(job, events.length);
      } while (pageToken);
      const source = { name: `${client.name} \u2013 ${job.calendarName}`, timeZone: timeZone ?? client.timeZone, events, stampedAt: deps.now() };
      // Each format's writer (ical-generator, csv-stringify) is loaded at its first export, not at every start.
      const content = job.format === 'csv' ? (await import('./csv.js')).exportCsv(source) : (await import('./ics.js')).exportIcs(source);
      const written = events.filter((e) => e.status !== 'cancelled').length;
      file = { filename: filenameOf(job, source.timeZone), content, events: written };
    } catch (err) {
      if (!(err instanceof UserFacingError)) throw err;
      await deps.delivery.failed(job, err);
      return null;
    }
    await deps.delivery.file(job, file);
    return file;
  }

  return { request, perform };
}
