import type { ExportFile, ExportJob } from '../../core/exports/types.js';
import { errorMessage } from './errors.js';
import { esc } from './mrkdwn.js';

/** "*Work* of *Acme* (Dec 2 – Mar 1)": names escaped, they are the user's. */
const what = (job: ExportJob) => `*${esc(job.calendarName)}* of *${esc(job.clientName)}* (${esc(job.label)})`;
/** "1 event", "2,501 events". */
const events = (n: number) => `${n.toLocaleString('en-US')} ${n === 1 ? 'event' : 'events'}`;
const section = (text: string) => [{ type: 'section' as const, text: { type: 'mrkdwn' as const, text } }];

/** The command's answer: the export is queued, the file will come in a DM. */
export function exportQueuedMessage(job: ExportJob) {
  const text = `:outbox_tray: Exporting ${what(job)} as ${job.format === 'csv' ? 'CSV' : 'iCalendar (.ics)'}. I\u2019ll send you the file in a DM when it\u2019s ready.`;
  return { text, blocks: section(text) };
}

/** While Google is read, page after page. */
export function exportProgressMessage(job: ExportJob, eventsRead: number) {
  const text = `:hourglass_flowing_sand: Exporting ${what(job)}\u2026 Reading\u2026 ${events(eventsRead)} so far.`;
  return { text, blocks: section(text) };
}

/** The comment posted with the file (files.uploadV2's initial_comment, mrkdwn). */
export function exportDoneComment(job: ExportJob, file: ExportFile): string {
  const empty = file.events === 0 ? ' There are no events in that range: the file holds none.' : '';
  return `:white_check_mark: ${what(job)}: ${events(file.events)}, series kept as series.${empty}`;
}

/** The progress message, once the file is posted. */
export function exportFinishedMessage(job: ExportJob, file: ExportFile) {
  const text = `:white_check_mark: Exported ${what(job)}: ${events(file.events)}. The file is below.`;
  return { text, blocks: section(text) };
}

/** What went wrong, worded as every other failure, and that no file was made. */
export function exportFailedMessage(job: ExportJob, err: unknown) {
  const text = `:x: The export of ${what(job)} failed and no file was made.\n${errorMessage(err).text}`;
  return { text, blocks: section(text) };
}
