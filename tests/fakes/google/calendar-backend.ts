/** The Calendar API v3 resources the app uses: calendar list, calendars, events, instances, freeBusy. */
import type { calendar_v3 } from '@googleapis/calendar';
import { type JsonBody, type CalendarRequest, type CalendarRoute, route, matchPattern } from './calendar-routes.js';
import { randomEventId, toIso } from './encoding.js';
import {
  type CalendarData,
  SERVER_FIELDS,
  stripServerFields,
  PRESERVED_FIELDS,
  pick,
  patchEvent,
  normalizeAttendees,
  fulfilConferenceRequest,
  htmlLink,
  assertClientEventId,
  parseSendUpdates,
} from './event-model.js';
import { type TimeWindow, overlaps, validateEventContent, validateEventTimes } from './event-times.js';
import { freeBusyReply } from './freebusy.js';
import { INSTANCE_ID, OPEN_ENDED_HORIZON_MS } from './limits.js';
import { type ListQuery, parseBoolean, parseWindow, parseListQuery, matchesQuery, isListed, listedForm, sortEvents, paginate } from './list-query.js';
import type { CalendarListEntry, Account, AuthenticatedCaller } from './oauth.js';
import { seriesTiming, parseRecurrence, occurrences, stampToMillis, occurrenceEnd, buildInstance } from './recurrence.js';
import { type Reply, ApiError, json, badRequest, invalid, notFound, notImplemented } from './replies.js';
import { REQUIRED_SCOPES, ROLE_RANK } from './scopes.js';
import { checkGuestAttendees, checkResponseStatuses, isOrganizerCopy, responseNotification, seenFrom } from './responses.js';
import type { CalendarEvent, AccessRole, CalendarConfig, GuestUpdate, ResponseNotification } from './types.js';
import { ChangeLog, FORBIDDEN_WITH_SYNC_TOKEN } from './changes.js';

export class CalendarBackend {
  readonly calendars = new Map<string, CalendarData>();
  readonly guestUpdates: GuestUpdate[] = [];
  readonly notifications: ResponseNotification[] = [];
  /** Sync tokens, watch channels and push deliveries. */
  readonly changes = new ChangeLog();
  private etagSeq = 0;

  /** `isGoogleUser` tells guests who use Google Calendar (they are not emailed under externalOnly). */
  constructor(private readonly isGoogleUser: (email: string) => boolean) {}
  private readonly routes: CalendarRoute[] = [
    route('GET', 'users/me/calendarList', REQUIRED_SCOPES.calendarList, (r) => this.listCalendars(r)),
    route('GET', 'users/me/calendarList/:cal', REQUIRED_SCOPES.calendarList, (r) => this.getListEntry(r)),
    route('GET', 'calendars/:cal', REQUIRED_SCOPES.calendars, (r) => this.getCalendar(r)),
    route('GET', 'calendars/:cal/events', REQUIRED_SCOPES.eventsRead, (r) => this.listEvents(r)),
    route('POST', 'calendars/:cal/events', REQUIRED_SCOPES.eventsWrite, (r) => this.insertEvent(r)),
    route('GET', 'calendars/:cal/events/:event', REQUIRED_SCOPES.eventsRead, (r) => this.getEvent(r)),
    route('PATCH', 'calendars/:cal/events/:event', REQUIRED_SCOPES.eventsWrite, (r) => this.writeEvent(r, 'patch')),
    route('PUT', 'calendars/:cal/events/:event', REQUIRED_SCOPES.eventsWrite, (r) => this.writeEvent(r, 'update')),
    route('DELETE', 'calendars/:cal/events/:event', REQUIRED_SCOPES.eventsWrite, (r) => this.deleteEvent(r)),
    route('GET', 'calendars/:cal/events/:event/instances', REQUIRED_SCOPES.eventsRead, (r) => this.listInstances(r)),
    route('POST', 'freeBusy', REQUIRED_SCOPES.freeBusy, (r) => this.freeBusy(r)),
    route('POST', 'calendars/:cal/events/watch', REQUIRED_SCOPES.eventsRead, (r) => this.watchEvents(r)),
    route('POST', 'channels/stop', REQUIRED_SCOPES.eventsRead, (r) => this.stopChannel(r)),
  ];

  // --- setup helpers ---

  addCalendar(account: Account, config: CalendarConfig): void {
    const existing = this.calendars.get(config.id);
    if (!existing) {
      this.calendars.set(config.id, {
        id: config.id,
        summary: config.summary ?? config.id,
        ...(config.description ? { description: config.description } : {}),
        timeZone: config.timeZone ?? account.timeZone,
        events: new Map(),
      });
    }
    if (config.primary) account.calendarList.forEach((entry) => (entry.primary = false));
    account.calendarList.set(config.id, { accessRole: config.accessRole ?? 'owner', primary: Boolean(config.primary) });
  }

  seedEvent(account: Account, calendarId: string, input: CalendarEvent): CalendarEvent {
    const { calendar } = this.resolve(account, calendarId);
    const stored = this.insert(calendar, account.email, input as Record<string, unknown>, 1);
    // Seeding may set fields the API would not accept (e.g. `updated`, `organizer`).
    Object.assign(stored, pick(input, SERVER_FIELDS.filter((field) => field !== 'id')));
    return structuredClone(stored);
  }

  /** Someone edits the event in Google Calendar itself (no request of ours): top-level fields replaced. */
  changeStored(calendarId: string, eventId: string, changes: Partial<CalendarEvent>): CalendarEvent {
    const calendar = this.calendars.get(calendarId);
    const current = calendar?.events.get(eventId);
    if (!calendar || !current) throw new Error(`fake-google: no event ${eventId} in ${calendarId}`);
    const next: CalendarEvent = { ...current, ...structuredClone(changes), updated: toIso(Date.now()), etag: this.nextEtag() };
    return structuredClone(this.store(calendar, next, 1));
  }

  storedEvents(calendarId: string): CalendarEvent[] {
    const calendar = this.calendars.get(calendarId);
    if (!calendar) throw new Error(`fake-google: unknown calendar ${calendarId}`);
    return [...calendar.events.values()].map((event) => structuredClone(event));
  }

  // --- routing ---

  handle(method: string, segments: string[], caller: AuthenticatedCaller, params: URLSearchParams, body: JsonBody): Reply {
    for (const candidate of this.routes) {
      const ids = candidate.method === method ? matchPattern(candidate.pattern, segments) : undefined;
      if (!ids) continue;
      if (!candidate.scopes.some((scope) => caller.grant.scopes.includes(scope))) {
        throw new ApiError(403, 'insufficientPermissions', 'Request had insufficient authentication scopes.');
      }
      return candidate.run({ account: caller.account, params, body, ids });
    }
    throw notImplemented(method, segments.join('/'));
  }

  private resolve(account: Account, calendarId: string): { calendar: CalendarData; entry: CalendarListEntry } {
    const id = calendarId === 'primary' ? this.primaryId(account) : calendarId;
    const entry = account.calendarList.get(id);
    const calendar = this.calendars.get(id);
    if (!entry || !calendar) throw notFound();
    return { calendar, entry };
  }

  private primaryId(account: Account): string {
    for (const [id, entry] of account.calendarList) if (entry.primary) return id;
    return account.email;
  }

  private readable(request: CalendarRequest) {
    const resolved = this.resolve(request.account, request.ids.cal ?? '');
    if (ROLE_RANK[resolved.entry.accessRole] < ROLE_RANK.reader) {
      throw new ApiError(403, 'requiredAccessLevel', 'You need to have reader access to this calendar.');
    }
    return resolved;
  }

  private writable(request: CalendarRequest) {
    const resolved = this.resolve(request.account, request.ids.cal ?? '');
    if (ROLE_RANK[resolved.entry.accessRole] < ROLE_RANK.writer) {
      throw new ApiError(403, 'requiredAccessLevel', 'You need to have writer access to this calendar.');
    }
    return resolved;
  }

  private nextEtag(): string {
    this.etagSeq += 1;
    return `"${Date.now()}${String(this.etagSeq).padStart(6, '0')}"`;
  }

  // --- calendars ---

  private listCalendars({ account, params }: CalendarRequest): Reply {
    const minRole = params.get('minAccessRole') as AccessRole | null;
    if (minRole !== null && !(minRole in ROLE_RANK)) throw invalid();
    const entries = [...account.calendarList]
      .filter(([, entry]) => minRole === null || ROLE_RANK[entry.accessRole] >= ROLE_RANK[minRole])
      .map(([id, entry]) => this.listEntryResource(id, entry));
    const page = paginate(entries, params, { byDefault: 100, max: 250 });
    return json({ kind: 'calendar#calendarList', etag: this.nextEtag(), ...page });
  }

  private getListEntry({ account, ids }: CalendarRequest): Reply {
    const { calendar, entry } = this.resolve(account, ids.cal ?? '');
    return json(this.listEntryResource(calendar.id, entry));
  }

  private listEntryResource(id: string, entry: CalendarListEntry): calendar_v3.Schema$CalendarListEntry {
    const calendar = this.calendars.get(id);
    return {
      kind: 'calendar#calendarListEntry',
      etag: this.nextEtag(),
      id,
      summary: calendar?.summary ?? id,
      ...(calendar?.description ? { description: calendar.description } : {}),
      timeZone: calendar?.timeZone ?? 'UTC',
      colorId: '14',
      backgroundColor: '#9fe1e7',
      foregroundColor: '#000000',
      selected: true,
      accessRole: entry.accessRole,
      defaultReminders: [],
      conferenceProperties: { allowedConferenceSolutionTypes: ['hangoutsMeet'] },
      ...(entry.primary ? { primary: true } : {}),
    };
  }

  private getCalendar({ account, ids }: CalendarRequest): Reply {
    const { calendar } = this.resolve(account, ids.cal ?? '');
    return json({
      kind: 'calendar#calendar',
      etag: this.nextEtag(),
      id: calendar.id,
      summary: calendar.summary,
      ...(calendar.description ? { description: calendar.description } : {}),
      timeZone: calendar.timeZone,
      conferenceProperties: { allowedConferenceSolutionTypes: ['hangoutsMeet'] },
    });
  }

  // --- events: reads ---

  private listEvents(request: CalendarRequest): Reply {
    const { calendar, entry } = this.readable(request);
    const syncToken = request.params.get('syncToken');
    if (syncToken !== null) return json(this.withSyncToken(calendar, this.eventsPage(calendar, entry, this.changedEvents(calendar, syncToken, request.params), request.params)));
    const query = parseListQuery(request.params);
    const items = sortEvents(this.collectEvents(calendar, query), query.orderBy, calendar.timeZone).map((event) => listedForm(event, query));
    const page = this.eventsPage(calendar, entry, items, request.params);
    // A sync token only for a list a later incremental sync could repeat (its filters are allowed with one).
    const syncable = !FORBIDDEN_WITH_SYNC_TOKEN.some((name) => name !== 'timeMin' && name !== 'timeMax' && request.params.has(name));
    return json(syncable ? this.withSyncToken(calendar, page) : page);
  }

  /** The last page of a list carries nextSyncToken (Google: "present only on the very last page"). */
  private withSyncToken<P extends { nextPageToken?: string }>(calendar: CalendarData, page: P): P & { nextSyncToken?: string } {
    return page.nextPageToken === undefined ? { ...page, nextSyncToken: this.changes.tokenNow(calendar.id) } : page;
  }

  /** What changed since the token: deleted events always included; a changed series as its instances with singleEvents. */
  private changedEvents(calendar: CalendarData, token: string, params: URLSearchParams): CalendarEvent[] {
    const ids = this.changes.changedSince(calendar.id, token, params);
    const singleEvents = parseBoolean(params.get('singleEvents'));
    const out: CalendarEvent[] = [];
    for (const id of ids) {
      const event = calendar.events.get(id);
      if (!event) continue;
      if (singleEvents && event.recurrence?.length) {
        const instances = this.seriesInstances(calendar, { ...event, status: 'confirmed' }, {});
        out.push(...instances.map((instance) => (event.status === 'cancelled' ? { ...instance, status: 'cancelled' } : instance)));
      } else {
        out.push(event);
      }
    }
    return out;
  }

  private watchEvents(request: CalendarRequest): Reply {
    const { calendar } = this.readable(request);
    return json(this.changes.watch(calendar.id, request.body()));
  }

  private stopChannel(request: CalendarRequest): Reply {
    this.changes.stop(request.body());
    return { status: 204 };
  }

  private listInstances(request: CalendarRequest): Reply {
    const { calendar, entry } = this.readable(request);
    const master = calendar.events.get(request.ids.event ?? '');
    if (!master || master.status === 'cancelled') throw notFound();
    if (!master.recurrence?.length) throw badRequest('The event is not recurring.');
    const window = parseWindow(request.params);
    const showDeleted = parseBoolean(request.params.get('showDeleted'));
    const items = this.seriesInstances(calendar, master, window).filter((event) => showDeleted || event.status !== 'cancelled');
    return json(this.eventsPage(calendar, entry, items, request.params));
  }

  private eventsPage(calendar: CalendarData, entry: CalendarListEntry, items: CalendarEvent[], params: URLSearchParams) {
    return {
      kind: 'calendar#events',
      etag: this.nextEtag(),
      summary: calendar.summary,
      ...(calendar.description ? { description: calendar.description } : {}),
      updated: toIso(Date.now()),
      timeZone: calendar.timeZone,
      accessRole: entry.accessRole,
      defaultReminders: [],
      ...paginate(items.map((event) => seenFrom(calendar.id, event)), params, { byDefault: 250, max: 2500 }),
    };
  }

  private collectEvents(calendar: CalendarData, query: ListQuery): CalendarEvent[] {
    const collected: CalendarEvent[] = [];
    for (const event of calendar.events.values()) {
      const isMaster = Boolean(event.recurrence?.length);
      // With singleEvents, exceptions come out of their series' expansion instead.
      if (query.singleEvents && event.recurringEventId) continue;
      if (query.singleEvents && isMaster && event.status !== 'cancelled') {
        collected.push(...this.seriesInstances(calendar, event, query.window));
      } else if (this.inWindow(calendar, event, query.window)) {
        collected.push(event);
      }
    }
    return collected.filter((event) => isListed(event, query) && matchesQuery(event, query));
  }

  private inWindow(calendar: CalendarData, event: CalendarEvent, window: TimeWindow): boolean {
    if (!event.recurrence?.length) return overlaps(event, calendar.timeZone, window);
    return this.seriesInstances(calendar, event, window).length > 0;
  }

  /** Instances of a series overlapping `window`, with stored exceptions applied. */
  private seriesInstances(calendar: CalendarData, master: CalendarEvent, window: TimeWindow): CalendarEvent[] {
    const timing = seriesTiming(master, calendar.timeZone);
    const horizon = window.max ?? Math.max(window.min ?? 0, Date.now()) + OPEN_ENDED_HORIZON_MS;
    const instances = new Map<string, CalendarEvent>();
    for (const occurrence of occurrences(master, timing, horizon)) {
      if (window.min !== undefined && occurrenceEnd(occurrence, timing).toMillis() <= window.min) continue;
      const instance = buildInstance(master, occurrence, timing);
      instances.set(instance.id ?? '', calendar.events.get(instance.id ?? '') ?? instance);
    }
    for (const event of calendar.events.values()) {
      if (event.recurringEventId === master.id) instances.set(event.id ?? '', event);
    }
    return [...instances.values()].filter((event) => overlaps(event, calendar.timeZone, window));
  }

  private getEvent(request: CalendarRequest): Reply {
    const { calendar } = this.readable(request);
    return json(seenFrom(calendar.id, this.requireEvent(calendar, request.ids.event ?? '')));
  }

  private requireEvent(calendar: CalendarData, eventId: string): CalendarEvent {
    const event = calendar.events.get(eventId) ?? this.generatedInstance(calendar, eventId);
    if (!event) throw notFound();
    return event;
  }

  private generatedInstance(calendar: CalendarData, instanceId: string): CalendarEvent | undefined {
    const [, masterId = '', stamp = ''] = INSTANCE_ID.exec(instanceId) ?? [];
    const master = calendar.events.get(masterId);
    if (!master?.recurrence?.length || master.status === 'cancelled') return undefined;
    const timing = seriesTiming(master, calendar.timeZone);
    const target = stampToMillis(stamp, timing);
    for (const occurrence of occurrences(master, timing, target + 1)) {
      if (occurrence.toMillis() === target) return buildInstance(master, occurrence, timing);
    }
    return undefined;
  }

  // --- events: writes ---

  private insertEvent(request: CalendarRequest): Reply {
    const { calendar } = this.writable(request);
    const sendUpdates = parseSendUpdates(request.params);
    const version = Number(request.params.get('conferenceDataVersion') ?? 0);
    const event = this.insert(calendar, request.account.email, request.body(), version);
    this.recordUpdate('insert', calendar, sendUpdates, undefined, event);
    return json(seenFrom(calendar.id, event));
  }

  private recordUpdate(method: GuestUpdate['method'], calendar: CalendarData, sendUpdates: GuestUpdate['sendUpdates'], before: CalendarEvent | undefined, after: CalendarEvent): void {
    const guests = new Set<string>();
    for (const event of [before, after]) {
      for (const attendee of event?.attendees ?? []) {
        if (attendee.email && !attendee.organizer && attendee.email !== calendar.id) guests.add(attendee.email);
      }
    }
    const emailed = sendUpdates === 'all' ? [...guests] : sendUpdates === 'externalOnly' ? [...guests].filter((g) => !this.isGoogleUser(g)) : [];
    this.guestUpdates.push({ method, calendarId: calendar.id, eventId: after.id ?? '', sendUpdates, emailed: emailed.sort() });
  }

  private insert(calendar: CalendarData, actor: string, input: Record<string, unknown>, conferenceDataVersion: number): CalendarEvent {
    if (input.id !== undefined) assertClientEventId(input.id);
    const id = typeof input.id === 'string' ? input.id : randomEventId();
    if (calendar.events.has(id)) throw new ApiError(409, 'duplicate', 'The requested identifier already exists.');
    const now = toIso(Date.now());
    const event: CalendarEvent = {
      kind: 'calendar#event',
      etag: this.nextEtag(),
      id,
      status: 'confirmed',
      htmlLink: htmlLink(id, calendar.id),
      created: now,
      updated: now,
      creator: { email: actor },
      organizer: { email: calendar.id, displayName: calendar.summary, self: true },
      iCalUID: `${id}@google.com`,
      sequence: 0,
      reminders: { useDefault: true },
      eventType: 'default',
      ...stripServerFields(input, conferenceDataVersion),
    };
    return this.store(calendar, event, conferenceDataVersion);
  }

  private writeEvent(request: CalendarRequest, mode: 'patch' | 'update'): Reply {
    const { calendar } = this.writable(request);
    const current = this.requireEvent(calendar, request.ids.event ?? '');
    const sendUpdates = parseSendUpdates(request.params);
    const version = Number(request.params.get('conferenceDataVersion') ?? 0);
    const input = stripServerFields(request.body(), version);
    // Google's answer to a rule on an instance is not documented: refuse rather than guess.
    if (current.recurringEventId && input.recurrence !== undefined) throw invalid('An instance of a recurring event cannot carry a recurrence.');
    const guestCopy = !isOrganizerCopy(calendar.id, current);
    if (guestCopy && Array.isArray(input.attendees)) checkGuestAttendees(calendar.id, current, input.attendees as NonNullable<CalendarEvent['attendees']>);
    const next = mode === 'patch' ? patchEvent(current, input) : this.replacement(current, input, version);
    const stamped: CalendarEvent = { ...next, ...pick(current, PRESERVED_FIELDS), updated: toIso(Date.now()), etag: this.nextEtag() };
    // The Meet link belongs to the conference: removing the conference (conferenceDataVersion=1) removes it.
    if (!stamped.conferenceData) delete stamped.hangoutLink;
    const stored = this.store(calendar, stamped, version);
    const answer = guestCopy ? responseNotification(calendar.id, current, stored, sendUpdates, this.isGoogleUser) : undefined;
    if (answer) {
      // An answer tells the organizer only, not the other guests.
      this.notifications.push(answer);
      this.guestUpdates.push({ method: mode, calendarId: calendar.id, eventId: answer.eventId, sendUpdates, emailed: answer.to });
    } else {
      this.recordUpdate(mode, calendar, sendUpdates, current, stored);
    }
    return json(seenFrom(calendar.id, stored));
  }

  /** PUT replaces every client-writable field; conference data survives unless the client opted in. */
  private replacement(current: CalendarEvent, input: Record<string, unknown>, version: number): CalendarEvent {
    const kept = version < 1 ? { conferenceData: current.conferenceData, hangoutLink: current.hangoutLink } : {};
    return { status: 'confirmed', reminders: { useDefault: true }, eventType: 'default', ...kept, ...input };
  }

  private store(calendar: CalendarData, event: CalendarEvent, conferenceDataVersion: number): CalendarEvent {
    normalizeAttendees(event);
    validateEventContent(event);
    checkResponseStatuses(event);
    if (conferenceDataVersion >= 1) fulfilConferenceRequest(event);
    validateEventTimes(event, calendar.timeZone);
    if (event.recurrence?.length) parseRecurrence(event.recurrence, seriesTiming(event, calendar.timeZone));
    calendar.events.set(event.id ?? '', event);
    this.changes.touched(calendar.id, event.id ?? '');
    return event;
  }

  private deleteEvent(request: CalendarRequest): Reply {
    const { calendar } = this.writable(request);
    const current = this.requireEvent(calendar, request.ids.event ?? '');
    if (current.status === 'cancelled') throw new ApiError(410, 'deleted', 'Resource has been deleted');
    const sendUpdates = parseSendUpdates(request.params);
    const cancelled: CalendarEvent = { ...current, status: 'cancelled', updated: toIso(Date.now()), etag: this.nextEtag() };
    calendar.events.set(current.id ?? '', cancelled);
    this.changes.touched(calendar.id, current.id ?? '');
    this.recordUpdate('delete', calendar, sendUpdates, undefined, cancelled);
    return { status: 204 };
  }

  // --- freeBusy ---

  private freeBusy({ account, body }: CalendarRequest): Reply {
    return freeBusyReply(body(), (calendarId, query) => {
      let calendar: CalendarData;
      try {
        calendar = this.resolve(account, calendarId).calendar;
      } catch {
        return undefined;
      }
      return { calendar, events: this.collectEvents(calendar, query) };
    });
  }
}
