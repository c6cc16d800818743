import type { KnownBlock, ModalView } from '@slack/types';
import type { Client } from '../../core/clients/types.js';
import type { CalendarInfo } from '../../core/events/types.js';
import type { ImportSnapshot } from '../../core/imports/run-types.js';
import { IMPORT_LIMITS } from '../../core/imports/types.js';
import { packLines, section } from './blocks.js';
import { esc, escFit, truncate } from './mrkdwn.js';

/** The import modal's callback, blocks, actions, and the buttons of its DM message. */
export const importIds = {
  view: 'import_modal',
  blocks: { client: 'import_client', file: 'import_file', calendar: 'import_calendar', duplicates: 'import_duplicates' },
  actions: {
    client: 'import_client',
    file: 'import_file',
    calendar: 'import_calendar',
    duplicates: 'import_duplicates',
    cancel: 'import_cancel',
    retry: 'import_retry',
    importValid: 'import_valid',
    /** The Home tab's *Import events* button. */
    home: 'home_import',
  },
} as const;

/** Problems listed in a report; the rest are counted. A line holds its source and reason (each cut). */
const PROBLEMS_SHOWN = 40;
const FAILURES_SHOWN = 30;
const REASON_MAX = 200;

const plain = (text: string, max = 75) => ({ type: 'plain_text' as const, text: truncate(text, max) });
const opt = (text: string, value: string) => ({ text: plain(text), value });

export interface ImportModalInput {
  /** The client, when the command named one (or the user has one); else `clients` to choose from. */
  client: Client | null;
  clients: Client[];
  /** The client's writable calendars, primary first. */
  calendars: CalendarInfo[];
  /** Where the CSV sample file is served (PUBLIC_URL/import/sample.csv). */
  sampleUrl: string;
}

/** The import modal: the file (.ics or .csv, one), the client, its calendar, and what to do with duplicates. */
export function importModal(input: ImportModalInput): ModalView {
  const { client } = input;
  const blocks: KnownBlock[] = [
    section(
      `Import events from an iCalendar (.ics) or CSV (.csv) file${client ? ` into *${escFit(client.name, 200)}*` : ''}: up to ${IMPORT_LIMITS.maxEvents.toLocaleString('en')} events and ${IMPORT_LIMITS.maxBytes / 1024 / 1024} MB. ` +
        `A CSV needs a header row (title, start, end, all day, time zone, location, description, guests): <${input.sampleUrl}|download a sample>.`,
    ),
  ];
  if (!client) {
    blocks.push({
      type: 'input',
      block_id: importIds.blocks.client,
      label: plain('Client'),
      hint: plain('Its calendars to choose from appear once it is chosen.', 150),
      // Choosing one shows its calendars (listeners/imports/client-chosen.ts).
      dispatch_action: true,
      element: { type: 'static_select', action_id: importIds.actions.client, placeholder: plain('Choose a client'), options: input.clients.slice(0, 100).map((c) => opt(c.name, c.id)) },
    });
  }
  blocks.push({
    type: 'input',
    block_id: importIds.blocks.file,
    label: plain('File'),
    element: { type: 'file_input', action_id: importIds.actions.file, filetypes: ['ics', 'csv'], max_files: 1 },
  });
  if (client && input.calendars.length) {
    const options = input.calendars.slice(0, 100).map((c) => opt(c.primary ? `${c.name} (primary)` : c.name, c.id));
    blocks.push({
      type: 'input',
      block_id: importIds.blocks.calendar,
      label: plain('Calendar'),
      element: { type: 'static_select', action_id: importIds.actions.calendar, options, ...(options[0] ? { initial_option: options[0] } : {}) },
    });
  }
  const skip = { text: plain('Skip them (keep what is in Google Calendar)'), value: 'skip' };
  blocks.push({
    type: 'input',
    block_id: importIds.blocks.duplicates,
    label: plain('Events imported before'),
    element: { type: 'radio_buttons', action_id: importIds.actions.duplicates, initial_option: skip, options: [skip, { text: plain('Update them from the file'), value: 'update' }] },
  });
  return {
    type: 'modal',
    callback_id: importIds.view,
    private_metadata: JSON.stringify(client ? { clientId: client.id } : {}),
    title: plain('Import events', 24),
    submit: plain('Import', 24),
    close: plain('Cancel', 24),
    blocks,
  };
}

const count = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en')} ${n === 1 ? one : many}`;

/** The DM message of an import: progress with Cancel, the problems found, or the final report with Retry. */
export function importMessage(s: ImportSnapshot): { text: string; blocks: KnownBlock[] } {
  const { run } = s;
  const file = escFit(run.fileName, 200);
  const name = s.clientName ? escFit(s.clientName, 200) : '';
  // The blocks set names in bold; the notification text (`text`) stays plain.
  const into = name ? ` into *${name}*` : '';
  const intoPlain = name ? ` into ${name}` : '';
  const button = (text: string, actionId: string, style?: 'primary' | 'danger') => ({ type: 'button' as const, text: plain(text), action_id: actionId, value: run.id, ...(style ? { style } : {}) });

  if (run.status === 'problems') {
    const lines = s.problems.map((p) => `• *${escFit(p.source, 60)}*: ${escFit(p.reason, REASON_MAX)}`);
    const text = `${file} was not imported: ${count(s.problems.length, 'problem')} to fix. Nothing was written.`;
    const blocks: KnownBlock[] = [
      section(`:warning: *${file}* was not imported${into}: ${count(s.problems.length, 'problem')} to fix. Nothing was written.`),
      ...packLines(lines.slice(0, PROBLEMS_SHOWN), { maxBlocks: 10 }),
    ];
    if (lines.length > PROBLEMS_SHOWN) blocks.push(section(`…and ${count(lines.length - PROBLEMS_SHOWN, 'more problem')}.`));
    blocks.push(section('Fix the file and import it again, or import only the events that can be read.'));
    if (s.valid > 0) blocks.push({ type: 'actions', elements: [button(`Import the ${count(s.valid, 'valid event')}`, importIds.actions.importValid, 'primary')] });
    return { text, blocks };
  }

  if (!s.final) {
    const progress = (to: string) => (s.of ? `Importing ${file}${to}: ${s.done.toLocaleString('en')} of ${count(s.of, 'event')}` : `Reading ${file}…`);
    return { text: progress(intoPlain), blocks: [section(`:hourglass_flowing_sand: ${progress(into)}`), { type: 'actions', elements: [button('Cancel', importIds.actions.cancel, 'danger')] }] };
  }

  const skipped = Object.values(run.skipped).reduce((a, b) => a + b, 0);
  const headOf = (f: string, to: string) =>
    run.status === 'failed'
      ? `The import of ${f}${to} stopped${s.of ? ` at ${s.done.toLocaleString('en')} of ${count(s.of, 'event')}` : ''}: ${escFit(run.error ?? 'something went wrong.', REASON_MAX * 2)}`
      : run.status === 'cancelled'
        ? `Import of ${f}${to} cancelled${s.of ? ` at ${s.done.toLocaleString('en')} of ${count(s.of, 'event')}` : ''}; what was written stays.`
        : `Imported ${f}${to}.`;
  const icon = run.status === 'failed' ? ':x:' : run.status === 'cancelled' ? ':no_entry_sign:' : ':white_check_mark:';
  const head = `${icon} ${headOf(`*${file}*`, into)}`;
  const tally = [
    `${run.created.toLocaleString('en')} created`,
    `${run.updated.toLocaleString('en')} updated`,
    `${skipped.toLocaleString('en')} skipped${skipped ? ` (${Object.entries(run.skipped).map(([why, n]) => `${n.toLocaleString('en')} ${escFit(why, 60)}`).join(', ')})` : ''}`,
    `${run.failures.length.toLocaleString('en')} failed`,
  ].join(', ');
  const text = `${headOf(file, intoPlain)} ${tally}.`;
  const blocks: KnownBlock[] = [section(head), section(`${tally}.`)];
  const failures = run.failures.map((f) => `• *${escFit(f.source, 60)}*: ${escFit(f.reason, REASON_MAX)}`);
  blocks.push(...packLines(failures.slice(0, FAILURES_SHOWN), { maxBlocks: 10 }));
  if (failures.length > FAILURES_SHOWN) blocks.push(section(`…and ${count(failures.length - FAILURES_SHOWN, 'more failure')}.`));
  if (run.failures.length || run.status === 'failed') blocks.push({ type: 'actions', elements: [button(run.status === 'failed' ? 'Retry' : `Retry the ${count(run.failures.length, 'failure')}`, importIds.actions.retry, 'primary')] });
  return { text: truncate(text, 3000), blocks };
}

/** What the user is told when an import could not start (a DM, or the modal's file field). */
export const importRefusedText = (reason: string) => `:warning: ${esc(reason)}`;
