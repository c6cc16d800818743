// The client modal as Slack submits it, and the Home tab's client menu.
import type { TestApp } from './app.js';
import type { Actor } from './slack-requests.js';

export interface ClientForm {
  name?: string;
  email?: string | null;
  timeZone?: string;
  notes?: string | null;
  managers?: string[];
  linkPreview?: 'busy' | 'basic' | 'full';
}

/** view.state.values as Slack sends them for the client modal. */
export function clientFormState(form: ClientForm) {
  return {
    values: {
      client_name: { name: { type: 'plain_text_input', value: form.name ?? null } },
      client_email: { email: { type: 'plain_text_input', value: form.email ?? null } },
      client_tz: {
        tz: {
          type: 'external_select',
          selected_option: form.timeZone ? { value: form.timeZone, text: { type: 'plain_text', text: form.timeZone } } : null,
        },
      },
      client_notes: { notes: { type: 'plain_text_input', value: form.notes ?? null } },
      client_managers: { managers: { type: 'multi_users_select', selected_users: form.managers ?? [] } },
      client_link_preview: {
        link_preview: { type: 'static_select', selected_option: form.linkPreview ? { value: form.linkPreview, text: { type: 'plain_text', text: form.linkPreview } } : null },
      },
    },
  };
}

export function submitClientForm(t: TestApp, actor: Actor, form: ClientForm, privateMetadata = '{}') {
  return t.requests.viewSubmission(actor, {
    id: 'V0SUBMIT',
    callback_id: 'client_modal',
    private_metadata: privateMetadata,
    state: clientFormState(form),
  });
}

export function submitRemove(t: TestApp, actor: Actor, clientId: string) {
  return t.requests.viewSubmission(actor, {
    id: 'V0REMOVE',
    callback_id: 'client_remove',
    private_metadata: JSON.stringify({ clientId }),
    state: { values: {} },
  });
}

export function clientMenu(t: TestApp, actor: Actor, verb: 'edit' | 'remove' | 'feed', clientId: string) {
  return t.requests.blockAction(actor, {
    type: 'overflow',
    action_id: 'client_menu',
    block_id: `client:${clientId}`,
    selected_option: { text: { type: 'plain_text', text: verb }, value: `${verb}:${clientId}` },
  }, { container: { type: 'view', view_id: 'VHOME' }, view: { id: 'VHOME', type: 'home' } });
}
