import type { AllMiddlewareArgs, SlackOptionsMiddlewareArgs } from '@slack/bolt';
import { timeZoneOptions } from '../../views/time-zones.js';

/** The searchable time zone select (external_select) asks here as the user types. */
export async function timeZoneOptionsListener({ ack, options }: AllMiddlewareArgs & SlackOptionsMiddlewareArgs<'block_suggestion'>) {
  await ack(timeZoneOptions(options.value ?? ''));
}
