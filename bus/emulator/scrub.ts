import { messageOf } from '../errors.js';
import type { TaskListener } from '../task/task.js';
import type { TaskDefinition, TaskFactory } from './factory.js';
import type { TaskView } from './view.js';

/**
 * The view with the task's secrets redacted from its reason (a failure may quote a setting).
 *
 * @example scrubbedView(factory, definition, viewOf(task)).reason
 */
export function scrubbedView<T extends TaskDefinition>(
  factory: TaskFactory<T>,
  definition: T,
  view: TaskView,
): TaskView {
  const scrub = factory.scrub;
  return view.reason === undefined || scrub === undefined ? view : { ...view, reason: scrub(definition, view.reason) };
}

/** The listener, hearing reasons with the task's secrets redacted: what it hears goes to the log. */
export function scrubbingListener<T extends TaskDefinition>(
  factory: TaskFactory<T>,
  definition: T,
  listener: TaskListener,
): TaskListener {
  const scrub = (text: string) => factory.scrub?.(definition, text) ?? text;
  return {
    ...listener,
    ...(listener.stopped && {
      stopped: (task, state, reason) =>
        listener.stopped!(task, state, reason === undefined ? undefined : scrub(reason)),
    }),
    ...(listener.retrying && {
      retrying: (task, notice) =>
        listener.retrying!(task, { ...notice, error: new Error(scrub(messageOf(notice.error))) }),
    }),
    ...(listener.dropped && { dropped: (task, id, reason) => listener.dropped!(task, id, scrub(reason)) }),
  };
}
