import { AlibabaError } from './errors.js';
import { page } from './paging.js';
import type { Params } from './params.js';
import type { AlibabaContext, Operation } from './types.js';

/** Alibaba's bus names: letters, digits, `-` and `_`, 2 to 127 characters, not starting with `acs.` or `aliyun`. */
const BUS_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{1,126}$/;

const busArn = (name: string, c: AlibabaContext) => `acs:eventbridge:${c.region}:${c.account}:eventbus/${name}`;

/** The EventBusName of a request, checked. */
export function busNameOf(p: Params): string {
  const name = p.string('EventBusName', { required: true });
  if (!BUS_NAME.test(name) || name.startsWith('acs.') || name.startsWith('aliyun'))
    throw new AlibabaError('EventBusNameInvalid', `The event bus name [${name}] is invalid!`);
  return name;
}

const createEventBus: Operation = async (p, c) => {
  const name = busNameOf(p);
  c.buses.create(name, p.string('Description') ?? '');
  return { EventBusARN: busArn(name, c) };
};

const getEventBus: Operation = async (p, c) => {
  const bus = c.buses.bus(busNameOf(p));
  return {
    EventBusARN: busArn(bus.name, c),
    EventBusName: bus.name,
    Description: bus.description,
    CreateTimestamp: bus.created,
  };
};

const listEventBuses: Operation = async (p, c) => {
  const prefix = p.string('NamePrefix') ?? '';
  const all = c.buses.all().filter((bus) => bus.name.startsWith(prefix));
  const { items, next } = page(p, all);
  return {
    EventBuses: items.map((bus) => ({
      EventBusName: bus.name,
      EventBusARN: busArn(bus.name, c),
      Description: bus.description,
      CreateTimestamp: bus.created,
    })),
    ...(next === undefined ? {} : { NextToken: next }),
    Total: all.length,
  };
};

const deleteEventBus: Operation = async (p, c) => {
  c.buses.delete(busNameOf(p));
  return {};
};

/** The event bus operations by name. */
export const BUS_OPERATIONS: Readonly<Record<string, Operation>> = {
  CreateEventBus: createEventBus,
  GetEventBus: getEventBus,
  ListEventBuses: listEventBuses,
  DeleteEventBus: deleteEventBus,
};
