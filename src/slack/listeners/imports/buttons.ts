import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { SlackDeps } from '../../deps.js';
import { errorMessage } from '../../views/errors.js';
import { actorOf, requestLog } from '../context.js';
import { logFailure } from '../../../shared/log-failure.js';

type ButtonArgs = AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockAction<ButtonAction>>;

/**
 * A button on an import's DM message (its value is the run's id): acknowledged at once; the run
 * then shows what happened in the same message (Cancel stops it at its next events; Retry and
 * "Import the valid events" queue it again).
 */
function importButton(deps: Pick<SlackDeps, 'imports' | 'log'>, act: 'cancel' | 'retry' | 'importValid') {
  return async ({ ack, body, action, context, respond }: ButtonArgs) => {
    await ack();
    const log = requestLog(context, deps);
    const runId = action.value ?? '';
    try {
      await (deps.imports[act])(actorOf(body), runId);
    } catch (err) {
      logFailure(log, err, 'import button failed', { runId, act });
      await respond(errorMessage(err)).catch((e: unknown) => log.warn({ err: e }, 'could not report the failure'));
    }
  };
}

export const importCancelAction = (deps: Pick<SlackDeps, 'imports' | 'log'>) => importButton(deps, 'cancel');
export const importRetryAction = (deps: Pick<SlackDeps, 'imports' | 'log'>) => importButton(deps, 'retry');
export const importValidAction = (deps: Pick<SlackDeps, 'imports' | 'log'>) => importButton(deps, 'importValid');
