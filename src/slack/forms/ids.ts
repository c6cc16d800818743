// Every callback_id and action_id the app uses, in one place.
export const ids = {
  /** Shortcuts declared in manifest.yml (features.shortcuts): their callback_ids. */
  shortcuts: {
    /** On a message: "Add to calendar". */
    addToCalendar: 'add_to_calendar',
    /** Global (search bar, + menu): "New event". */
    newEvent: 'new_event',
  },
  views: {
    clientModal: 'client_modal',
    clientRemove: 'client_remove',
    clientDisconnect: 'client_disconnect',
    clientGoogle: 'client_google',
    eventModal: 'event_modal',
    eventDelete: 'event_delete',
    digest: 'digest_settings',
    bulkMove: 'bulk_move_modal',
    /** Answering an invitation: the answer and an optional note. */
    rsvp: 'rsvp_modal',
  },
  blocks: {
    name: 'client_name',
    email: 'client_email',
    timeZone: 'client_tz',
    notes: 'client_notes',
    managers: 'client_managers',
    linkPreview: 'client_link_preview',
    googleClientId: 'google_client_id',
    googleSecret: 'google_secret',
    googleAccess: 'google_access',
    /** The Move modal's "New time" input. */
    bulkMoveWhen: 'bulk_move_when',
    /** An agenda's actions block for one bulk job: `bulk_agenda:<jobId>` (progress then goes to a new DM). */
    bulkAgenda: 'bulk_agenda',
  },
  actions: {
    name: 'name',
    email: 'email',
    timeZone: 'tz',
    notes: 'notes',
    managers: 'managers',
    linkPreview: 'link_preview',
    clientMenu: 'client_menu',
    addClient: 'client_add',
    homePage: 'home_page',
    homeRefresh: 'home_refresh',
    connectClient: 'client_connect',
    authorizeLink: 'authorize_link',
    /** A link button beside another in the same block (Slack wants distinct action ids): Join a call. */
    joinLink: 'join_link',
    calendarsRefresh: 'calendars_refresh',
    eventMenu: 'event_menu',
    eventsMore: 'events_more',
    eventUndo: 'event_undo',
    eventEdit: 'event_edit',
    eventClient: 'event_client',
    newEvent: 'event_new',
    quickUndo: 'quick_undo',
    splitUndo: 'event_split_undo',
    freeBook: 'free_book',
    /** The event form's Find a time button, and its proposed times (`event_pick_time:<n>`, value `{s,e}`). */
    findTime: 'event_find_time',
    pickTime: 'event_pick_time',
    homeAgenda: 'home_agenda',
    homeDigest: 'home_digest',
    /** Retry on a dead-lettered job in `/calstack admin jobs`: value is the job's id. */
    jobsRetry: 'jobs_retry',
    jobsRetryAll: 'jobs_retry_all',
    /** An invitation's buttons (value: src/slack/forms/rsvp.ts). */
    rsvpAccept: 'rsvp_accept',
    rsvpMaybe: 'rsvp_maybe',
    rsvpDecline: 'rsvp_decline',
  },
} as const;

/** Overflow menu choices on a client: value is `<verb>:<clientId>`. */
export type ClientMenuVerb = 'edit' | 'connect' | 'google' | 'disconnect' | 'feed' | 'remove';
export const clientMenuValue = (verb: ClientMenuVerb, clientId: string) => `${verb}:${clientId}`;
export function parseClientMenuValue(value: string): { verb: ClientMenuVerb; clientId: string } | null {
  const m = /^(edit|connect|google|disconnect|feed|remove):([A-Za-z0-9_-]{1,64})$/.exec(value);
  return m?.[2] ? { verb: m[1] as ClientMenuVerb, clientId: m[2] } : null;
}

/** An event's block_id carries where it lives (block ids hold 255 chars, option values only 150). */
export const eventBlockId = (n: number, clientId: string, calendarId: string) => `ev|${n}|${clientId}|${calendarId}`;
export function parseEventBlockId(blockId: string): { clientId: string; calendarId: string } | null {
  const [tag, , clientId, ...calendar] = blockId.split('|');
  return tag === 'ev' && clientId && calendar.length ? { clientId, calendarId: calendar.join('|') } : null;
}
