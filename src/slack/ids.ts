// Every callback_id and action_id the app uses, in one place.
export const ids = {
  views: {
    clientModal: 'client_modal',
    clientRemove: 'client_remove',
    clientDisconnect: 'client_disconnect',
    clientGoogle: 'client_google',
  },
  blocks: {
    name: 'client_name',
    email: 'client_email',
    timeZone: 'client_tz',
    notes: 'client_notes',
    managers: 'client_managers',
    googleClientId: 'google_client_id',
    googleSecret: 'google_secret',
    googleAccess: 'google_access',
  },
  actions: {
    name: 'name',
    email: 'email',
    timeZone: 'tz',
    notes: 'notes',
    managers: 'managers',
    clientMenu: 'client_menu',
    addClient: 'client_add',
    homePage: 'home_page',
    homeRefresh: 'home_refresh',
    connectClient: 'client_connect',
    authorizeLink: 'authorize_link',
    calendarsRefresh: 'calendars_refresh',
  },
} as const;

/** Overflow menu choices on a client: value is `<verb>:<clientId>`. */
export type ClientMenuVerb = 'edit' | 'connect' | 'google' | 'disconnect' | 'remove';
export const clientMenuValue = (verb: ClientMenuVerb, clientId: string) => `${verb}:${clientId}`;
export function parseClientMenuValue(value: string): { verb: ClientMenuVerb; clientId: string } | null {
  const m = /^(edit|connect|google|disconnect|remove):([A-Za-z0-9_-]{1,64})$/.exec(value);
  return m ? { verb: m[1] as ClientMenuVerb, clientId: m[2]! } : null;
}
