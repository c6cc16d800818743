import type { Logger } from '../logger.js';
import type { ClientService } from '../core/clients/service.js';
import type { Directory } from '../core/clients/ports.js';
import type { ConnectionService } from '../core/connections/service.js';
import type { CalendarService } from '../core/calendars/service.js';
import type { EventService } from '../core/events/service.js';
import type { BulkService } from '../core/bulk/service.js';
import type { StackService } from '../core/stack/service.js';
import type { Availability } from '../core/stack/availability.js';
import type { LinkPreviews } from '../core/links/preview.js';
import type { DigestSettings } from '../core/digest/service.js';
import type { Clock } from '../shared/clock.js';
import type { HomePublisher } from './messaging/home.js';
import type { JobsAdmin } from '../core/jobs/admin.js';
import type { InvitationService } from '../core/invitations/service.js';
import type { FeedService } from '../core/feed/service.js';
import type { ExportService } from '../core/exports/service.js';
import type { ImportService } from '../core/imports/service.js';

/** What listeners need from the application; built once in the composition root. */
export interface SlackDeps {
  log: Logger;
  clients: ClientService;
  directory: Directory;
  connections: ConnectionService;
  calendars: CalendarService;
  events: EventService;
  stack: StackService;
  /** Conflicts, guests' free/busy and Find a time, for the event form and quick add. */
  availability: Availability;
  /** The event a Google Calendar link names, for its unfurl (only a poster's own clients' calendars). */
  linkPreviews: LinkPreviews;
  digest: DigestSettings;
  bulk: BulkService;
  home: HomePublisher;
  /** Background jobs for admins: counts, the dead-letter queue, Retry. */
  jobs: JobsAdmin;
  /** Invitations waiting for a client's answer, and answering them as the client. */
  invitations: InvitationService;
  /** Each client's change feed: on/off, where notices go, status. */
  feed: FeedService;
  /** A client's calendar as a file, read in the background and posted to the user's DM. */
  exports: Pick<ExportService, 'request'>;
  /** Imports of .ics and .csv files into a client's calendar, run as jobs. */
  imports: ImportService;
  /** Where the CSV sample is served (PUBLIC_URL/import/sample.csv), linked from the import modal. */
  importSampleUrl: string;
  /** "Now" for every date the listeners compute (ranges, quick add, free slots). */
  clock: Clock;
}
