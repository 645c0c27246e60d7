import { busNameOf } from './arns.js';
import { AwsError } from './errors.js';
import type { Input } from './input.js';
import { DESCRIPTION, EVENT_BUS_NAME, EVENT_BUS_NAME_OR_ARN } from './names.js';
import type { OperationContext } from './operation.js';
import { page, readPage } from './paging.js';
import type { Bus } from './types.js';

const seconds = (date: Date) => date.getTime() / 1000;

/** A bus as ListEventBuses and DescribeEventBus show it (times as epoch seconds, JSON 1.1's timestamps). */
function busView(bus: Bus) {
  return {
    Name: bus.name,
    Arn: bus.arn,
    ...(bus.description === undefined ? {} : { Description: bus.description }),
    CreationTime: seconds(bus.created),
    LastModifiedTime: seconds(bus.modified),
  };
}

/** CreateEventBus: a custom bus (`/` is for partner buses only, which the emulator has none of). */
export function createEventBus(input: Input, { store }: OperationContext): object {
  const name = input.required('Name', EVENT_BUS_NAME);
  const description = input.string('Description', DESCRIPTION);
  const eventSource = input.string('EventSourceName');
  input.done();
  if (eventSource !== undefined)
    throw new AwsError('ResourceNotFoundException', `Event source ${eventSource} does not exist.`);
  if (name.includes('/') && store.findBus(name) === undefined)
    throw new AwsError('ValidationException', "Event bus name must not contain '/'.");
  const bus = store.createBus(name, description);
  return { EventBusArn: bus.arn, ...(description === undefined ? {} : { Description: description }) };
}

/** DeleteEventBus: removes a custom bus and its rules; `default` cannot go, a missing bus is no error. */
export function deleteEventBus(input: Input, { store }: OperationContext): object {
  const name = input.required('Name', EVENT_BUS_NAME);
  input.done();
  store.deleteBus(name);
  return {};
}

/** DescribeEventBus: one bus by name or ARN (`default` when none is given). */
export function describeEventBus(input: Input, { store }: OperationContext): object {
  const name = busNameOf(input.string('Name', EVENT_BUS_NAME_OR_ARN));
  input.done();
  return busView(store.bus(name));
}

/** ListEventBuses: every bus of the region whose name starts with `NamePrefix`, paged. */
export function listEventBuses(input: Input, { store }: OperationContext): object {
  const prefix = input.string('NamePrefix', EVENT_BUS_NAME) ?? '';
  const request = readPage(input);
  input.done();
  const { items, nextToken } = page(
    store.allBuses().filter((bus) => bus.name.startsWith(prefix)),
    request,
  );
  return { EventBuses: items.map(busView), ...(nextToken === undefined ? {} : { NextToken: nextToken }) };
}
