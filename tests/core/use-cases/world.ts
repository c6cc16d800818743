import { createClientService } from '../../../src/core/clients/service.js';
import { createCalendarService } from '../../../src/core/calendars/service.js';
import { createEventService } from '../../../src/core/events/service.js';
import { createBulkService } from '../../../src/core/bulk/service.js';
import { createStackService } from '../../../src/core/stack/service.js';
import type { Actor, Client } from '../../../src/core/clients/types.js';
import type { BulkChange, BulkRequest } from '../../../src/core/bulk/requests.js';
import type { BulkSnapshot } from '../../../src/core/bulk/types.js';
import { memoryCalendars } from './memory-calendars.js';
import { memoryBulkJobs, memoryClientStore, memoryDeletedEvents, memoryDirectory, memorySettings } from './memory-stores.js';

export const TEAM = 'T0USECASE';
export const operator: Actor = { teamId: TEAM, userId: 'U0OPERATOR' };

/** Core's use cases composed as src/services.ts does, over in-memory ports instead of Google and the database. */
export function useCaseWorld() {
  const clientStore = memoryClientStore();
  const google = memoryCalendars();
  const bulkJobs = memoryBulkJobs();
  const unexpected: unknown[] = [];
  const jobsUnreadable: unknown[] = [];
  const clients = createClientService({ store: clientStore.store, settings: memorySettings(), directory: memoryDirectory([{ id: operator.userId, timeZone: 'UTC' }]), admins: [] });
  const calendars = createCalendarService({ clients, google });
  const events = createEventService({ clients, calendars, google, deleted: memoryDeletedEvents() });
  // The job engine's part: requests wait here until `bulkChange` runs them, in order; every report lands in `reports`.
  const queued: BulkRequest[] = [];
  const reports: BulkSnapshot[] = [];
  const bulk = createBulkService({
    store: bulkJobs,
    clients,
    events,
    google,
    queue: { enqueue: async (request) => void queued.push(request) },
    reporterFor: () => async (snapshot) => void reports.push(snapshot),
    progressIntervalMs: 0,
    onUnexpectedError: (err) => unexpected.push(err),
  });
  const stack = createStackService({ clients, google, jobsFor: bulk.forEvents, onJobsUnreadable: (err) => jobsUnreadable.push(err) });

  /** A client the operator manages, connected to its own Google account unless said otherwise. */
  async function addClient(name: string, opts: { connected?: boolean } = {}): Promise<Client> {
    const client = await clients.create(operator, { name, email: null, timeZone: 'UTC', notes: null, managers: [] });
    google.addAccount(client);
    if (opts.connected !== false) clientStore.connect(client);
    return client;
  }

  /** Asks for `change` as a user would, then runs what is queued as the job engine would; the last run's final state. */
  async function bulkChange(actor: Actor, change: BulkChange): Promise<BulkSnapshot | null> {
    await bulk.request(actor, change);
    let last: BulkSnapshot | null = null;
    for (let request = queued.shift(); request; request = queued.shift()) last = await bulk.perform(request);
    return last;
  }

  return { clients, calendars, events, bulk, bulkChange, reports, stack, google, bulkJobs, addClient, unexpected, jobsUnreadable };
}
