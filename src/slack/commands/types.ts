import type { RespondArguments, SlashCommand } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Logger } from '../../logger.js';
import type { SlackDeps } from '../deps.js';
import type { Actor } from '../../core/clients/types.js';

export type Reply = RespondArguments & { text: string };

export interface CommandContext {
  /** Who ran the command, in which workspace. */
  actor: Actor;
  /** The text after the subcommand's words. */
  args: string;
  command: SlashCommand;
  client: WebClient;
  log: Logger;
  deps: SlackDeps;
  /** Every subcommand, for help and suggestions. */
  subcommands: readonly Subcommand[];
  /** Answers through the command's response_url, ephemeral unless told otherwise. */
  reply(message: Reply): Promise<void>;
}

export interface Subcommand {
  /** The words that select it, e.g. "client add". */
  name: string;
  /** Arguments as shown in help, e.g. "[name]". */
  args?: string;
  summary: string;
  run(ctx: CommandContext): Promise<void>;
}
