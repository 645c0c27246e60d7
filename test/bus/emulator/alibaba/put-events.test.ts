import { describe, expect, it } from 'vitest';
import { AlibabaBusStore } from '../../../../bus/emulator/alibaba/bus-store.js';
import { EventTargets } from '../../../../bus/emulator/alibaba/event-targets.js';
import { Params } from '../../../../bus/emulator/alibaba/params.js';
import { putEvents } from '../../../../bus/emulator/alibaba/put-events.js';
import type { AlibabaContext, StreamTasks } from '../../../../bus/emulator/alibaba/types.js';
import type { CloudEvent } from '../../../../bus/event.js';

/** A task target that holds every delivery until `release` is called. */
function heldTasks() {
  const delivered: CloudEvent[] = [];
  let release = () => {};
  let held = new Promise<void>((resolve) => {
    release = resolve;
  });
  return {
    delivered,
    release: () => {
      release();
      held = Promise.resolve();
    },
    tasks: {
      deliver: async (_task: string, events: CloudEvent[]) => {
        await held;
        delivered.push(...events);
        return { undelivered: 0 };
      },
    },
  };
}

const event = (id: string) => ({ specversion: '1.0', id, source: 'shop', type: 't' });

describe('PutEvents and full target queues', () => {
  it("fails an entry a target's full queue cannot take with TooManyRequests, and takes it again once there is room", async () => {
    const held = heldTasks();
    const targets = new EventTargets(held.tasks, () => async () => [], { events: 1, bytes: 1_000_000 });
    const buses = new AlibabaBusStore();
    buses.putRule({
      name: 'all',
      bus: 'default',
      description: '',
      status: 'ENABLE',
      filterPattern: '',
      pattern: undefined,
      targets: new Map([
        ['t', { Id: 't', Type: 'conflux.task', Endpoint: 'orders', ParamList: [], body: { form: 'ORIGINAL' } }],
      ]),
      ctime: 0,
      mtime: 0,
    });
    const context = {
      buses,
      targets,
      tasks: {} as StreamTasks,
      clusters: {},
      region: 'local',
      account: '0',
    } satisfies AlibabaContext;
    const put = (ids: string[]) => putEvents(new Params({ Events: ids.map(event) }), context);
    expect(await put(['a', 'b'])).toMatchObject({
      FailedEntryCount: 1,
      EntryList: [
        { EventId: 'a', TraceId: expect.any(String) },
        { EventId: 'b', ErrorCode: 'TooManyRequests' },
      ],
    });
    held.release();
    await targets.idle();
    expect(await put(['c'])).toMatchObject({ FailedEntryCount: 0 });
    await targets.idle();
    expect(held.delivered.map((e) => e.id)).toEqual(['a', 'c']);
    expect(targets.stats('default/all/t')).toEqual({ sent: 2, failed: 0 });
  });
});
