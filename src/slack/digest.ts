import { DateTime } from 'luxon';
import type { WebClient } from '@slack/web-api';
import type { DigestSender } from '../core/digest/service.js';
import type { SlackDeps } from './deps.js';
import { sendDm } from './notifier.js';
import { agendaMessage } from './views/agenda.js';
import { agendaJobs } from './commands/stack.js';

/** The morning DM: that day's stacked agenda in the user's zone. */
export function slackDigestSender(client: WebClient, deps: Omit<SlackDeps, 'log'>): DigestSender {
  return {
    async send(actor, zone, date) {
      const day = DateTime.fromISO(date, { zone });
      const result = await deps.stack.agenda(actor, { start: day.toJSDate(), end: day.plus({ days: 1 }).toJSDate(), zone });
      const jobs = await agendaJobs(deps.bulk, actor, result.days);
      const message = agendaMessage({ ...result, label: `today, ${day.toFormat('cccc d LLLL')}`, zone, jobs });
      await sendDm(client, actor.userId, { text: `Your daily digest: ${message.text}`, blocks: message.blocks });
    },
  };
}
