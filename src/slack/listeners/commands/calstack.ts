import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { requestLog } from '../context.js';
import type { SlackDeps } from '../../deps.js';
import { allSubcommands } from '../../commands/index.js';
import { help } from '../../commands/help.js';
import { route } from '../../commands/router.js';
import { helpMessage } from '../../views/help.js';
import type { CommandContext } from '../../commands/types.js';
import { errorMessage } from '../../views/errors.js';
import { logFailure } from '../../../shared/log-failure.js';

/** /calstack: acknowledged at once; the subcommand then answers through response_url. */
export function calstackCommand(deps: SlackDeps) {
  return async ({ command, ack, respond, client, context }: AllMiddlewareArgs & SlackCommandMiddlewareArgs) => {
    await ack();
    const log = requestLog(context, deps);
    const subcommands = allSubcommands();
    const found = route(command.text ?? '', subcommands, help);
    if (found.kind === 'unknown') {
      await respond(helpMessage(subcommands, { unknown: found.word, suggestions: found.suggestions }));
      return;
    }
    const ctx: CommandContext = {
      actor: { teamId: command.team_id, userId: command.user_id },
      subcommands,
      args: found.args,
      command,
      client,
      log,
      deps,
      reply: async (message) => {
        await respond({ response_type: 'ephemeral', replace_original: false, ...message });
      },
    };
    try {
      await found.subcommand.run(ctx);
    } catch (err) {
      logFailure(log, err, 'subcommand failed', { subcommand: found.subcommand.name });
      await respond(errorMessage(err)).catch((e: unknown) => log.warn({ err: e }, 'could not report the failure'));
    }
  };
}
