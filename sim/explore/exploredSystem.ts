import { shellCommand } from '../escape/shell.ts';
import type { ProfileName } from '../systems/registry.ts';
import type { SystemPlugin } from '../systems/systemPlugin.ts';

/** A system other than askproai that explore runs (a cache stack), and its stack file as found scenarios name it. */
export interface ExploredSystem {
  readonly plugin: SystemPlugin;
  /** The stack file as the command line named it, for replay lines. */
  readonly stackFile: string;
  /** The stack file's path from the folder found scenarios are written to (a scenario's `stack:` is read from its own folder). */
  readonly stackFromOut: string;
}

/** How a command line names the explored system (shell-quoted where needed): askproai's profile, or the stack file. */
export function systemArguments(options: { readonly profile: ProfileName; readonly system?: ExploredSystem }): string {
  return shellCommand(options.system ? ['--system', options.system.plugin.name, '--stack', options.system.stackFile] : ['--profile', options.profile]);
}
