import { DateTime } from 'luxon';
import type { WebClient } from '@slack/web-api';
import type { DigestSender } from '../../core/digest/service.js';
import { sendDm } from './notifier.js';
import { agendaMessage } from '../views/agenda.js';

/** The morning DM: the day's stacked agenda (read by core's digest), rendered and posted. */
export function slackDigestSender(client: WebClient): DigestSender {
  return {
    async send(actor, { date, zone, agenda }) {
      const day = DateTime.fromISO(date, { zone });
      const message = agendaMessage({ ...agenda, label: `today, ${day.toFormat('cccc d LLLL')}`, zone });
      await sendDm(client, actor.userId, { text: `Your daily digest: ${message.text}`, blocks: message.blocks });
    },
  };
}
