import type { AllMiddlewareArgs, SlackOptionsMiddlewareArgs } from '@slack/bolt';
import type { SlackDeps } from '../../deps.js';
import { timeZoneOptions } from '../../views/time-zones.js';

/** The searchable time zone select (external_select) asks here as the user types. */
export function timeZoneOptionsListener(deps: Pick<SlackDeps, 'clock'>) {
  return async ({ ack, options }: AllMiddlewareArgs & SlackOptionsMiddlewareArgs<'block_suggestion'>) => {
    await ack(timeZoneOptions(options.value ?? '', deps.clock.now()));
  };
}
