import { busNameOf } from './bus-operations.js';
import { readCheckedTarget, targetView } from './targets-param.js';
import type { Operation } from './types.js';

const ruleNameOf = (p: Parameters<Operation>[0]) => p.string('RuleName', { required: true });

/** CreateTargets: adds or replaces targets by Id; a target that cannot be read is an ErrorEntries entry, the rest are kept. */
const createTargets: Operation = async (p, c) => {
  const rule = c.buses.rule(busNameOf(p), ruleNameOf(p));
  const errors: { EntryId: string; ErrorCode: string; ErrorMessage: string }[] = [];
  for (const entry of p.objects('Targets')) {
    try {
      const target = readCheckedTarget(entry, c);
      rule.targets.set(target.Id, target);
    } catch (error) {
      errors.push({
        EntryId: String(entry.raw.Id ?? ''),
        ErrorCode: 'InvalidArgument',
        ErrorMessage: (error as Error).message,
      });
    }
  }
  return { ErrorEntriesCount: errors.length, ErrorEntries: errors };
};

const listTargets: Operation = async (p, c) => {
  const rule = c.buses.rule(busNameOf(p), ruleNameOf(p));
  return { Targets: [...rule.targets.values()].map(targetView) };
};

/** DeleteTargets: ids the rule does not have come back as EventTargetNotExist entries. */
const deleteTargets: Operation = async (p, c) => {
  const rule = c.buses.rule(busNameOf(p), ruleNameOf(p));
  const errors = (p.strings('TargetIds') ?? []).flatMap((id) =>
    rule.targets.delete(id)
      ? []
      : [
          {
            EntryId: id,
            ErrorCode: 'EventTargetNotExist',
            ErrorMessage: `The event target [${id}] of event rule [${rule.name}] on eventbus [${rule.bus}] is not existed!`,
          },
        ],
  );
  return { ErrorEntriesCount: errors.length, ErrorEntries: errors };
};

/** The target operations by name. */
export const TARGET_OPERATIONS: Readonly<Record<string, Operation>> = {
  CreateTargets: createTargets,
  ListTargets: listTargets,
  DeleteTargets: deleteTargets,
};
