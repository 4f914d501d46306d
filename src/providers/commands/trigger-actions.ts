// Run Now, Pause and Unpause on a trigger (a Managed Agents deployment) whose backend can do them. Pause asks first
// from the UI, since it stops a schedule; the trigger's new state shows in the trees at once, and Run Now offers to
// follow the run it started.
import * as vscode from 'vscode';
import type { TriggerInfo } from '../../backends/types';
import { errorMessage } from '../../net/errors';
import { requireSession, type CommandContext, type Target } from './context';

type TriggerTarget = Target & { trigger?: TriggerInfo; confirm?: boolean };

export function registerTriggerActions(ctx: CommandContext): void {
  ctx.register('agentos.runTriggerNow', async (target?: TriggerTarget) => {
    const { session, trigger } = resolve(ctx, target);
    if (!session.backend.runTrigger) throw new Error(`${session.connection.name} cannot run triggers.`);
    try {
      const run = await session.backend.runTrigger(trigger.id);
      ctx.log.info(`Ran ${trigger.name} now on ${session.connection.name}.`);
      if (run.error) {
        void vscode.window.showErrorMessage(`${trigger.name} could not start: ${run.error}`);
        return run;
      }
      ctx.store.refresh(session.connection.id);
      if (run.runId) {
        void vscode.window
          .showInformationMessage(`${trigger.name} started a run.`, 'Follow')
          .then((choice) =>
            choice
              ? vscode.commands.executeCommand('agentos.followRun', {
                  connectionId: session.connection.id,
                  runId: run.runId,
                })
              : undefined,
          );
      } else void vscode.window.showInformationMessage(`${trigger.name} was asked to run now.`);
      return run;
    } catch (error) {
      void vscode.window.showErrorMessage(`Could not run ${trigger.name}: ${errorMessage(error)}`);
      return undefined;
    }
  });

  for (const [command, active] of [
    ['agentos.pauseTrigger', false],
    ['agentos.unpauseTrigger', true],
  ] as const) {
    ctx.register(command, async (target?: TriggerTarget) => {
      const { session, trigger, fromUi } = resolve(ctx, target);
      if (!session.backend.setTriggerActive)
        throw new Error(`${session.connection.name} cannot pause triggers.`);
      if (!active && (fromUi || target?.confirm === true)) {
        const answer = await vscode.window.showWarningMessage(
          `Pause ${trigger.name}?`,
          { modal: true, detail: 'Its schedule stops until you unpause it. A run in progress goes on.' },
          'Pause',
        );
        if (answer !== 'Pause') return undefined;
      }
      try {
        const updated = await session.backend.setTriggerActive(trigger.id, active);
        ctx.store.upsertTrigger(session.connection.id, updated);
        ctx.log.info(`${active ? 'Unpaused' : 'Paused'} ${trigger.name} on ${session.connection.name}.`);
        void vscode.window.showInformationMessage(
          `${trigger.name} is ${updated.active ? 'active' : 'paused'}.`,
        );
        return updated;
      } catch (error) {
        void vscode.window.showErrorMessage(
          `Could not ${active ? 'unpause' : 'pause'} ${trigger.name}: ${errorMessage(error)}`,
        );
        return undefined;
      }
    });
  }
}

function resolve(ctx: CommandContext, target: TriggerTarget | undefined) {
  const trigger = target?.trigger;
  if (!trigger) throw new Error('Pick a trigger in the Triggers view.');
  const fromUi = typeof (target as { kind?: unknown }).kind === 'string';
  return { session: requireSession(ctx, target), trigger, fromUi };
}
