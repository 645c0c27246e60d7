import { randomUUID } from 'node:crypto';
import { ConfluxError } from '../../errors.js';

/**
 * The error codes the Alibaba API answers with and their HTTP statuses. Signature and access
 * codes are from EventBridge's error-code table (403); resource codes and their 409 from the
 * reference engine (apache/rocketmq-eventbridge `EventBridgeErrorCode`), streaming names as the
 * hosted API and Terraform use them (`EventStreamingNotExisted`); `InvalidAction.NotFound` is
 * Alibaba's common code for an unknown action.
 */
export const ALIBABA_ERRORS = {
  InvalidArgument: 400,
  SignatureDoesNotMatch: 403,
  InvalidAccessKeyId: 403,
  'InvalidAction.NotFound': 404,
  EventStreamingNotExisted: 409,
  EventStreamingAlreadyExisted: 409,
  EventStreamingCountExceedLimit: 409,
  LimitSizeInvalid: 409,
  NextTokenInvalid: 409,
  PutEventsRequestMoreThanOneEventBus: 409,
  EventBusNotExist: 409,
  EventBusNameInvalid: 409,
  EventBusAlreadyExist: 409,
  EventBusRuleNotEmptyForDelete: 409,
  EventRuleNotExisted: 409,
  EventRuleAlreadyExist: 409,
  EventTargetNotExist: 409,
  InternalError: 500,
} as const;

/** One of the codes above. */
export type AlibabaErrorCode = keyof typeof ALIBABA_ERRORS;

/** A request id as Alibaba writes them: an upper-case UUID. */
export function requestId(): string {
  return randomUUID().toUpperCase();
}

/**
 * A refused Alibaba API call. `body()` carries the documented `{Code, Message, RequestId,
 * Success: false}` and, for the `@alicloud/eventbridge` SDK, the same in lower case: it builds its
 * error from `code`, `message` and `requestId`.
 * @example new AlibabaError('EventStreamingNotExisted', 'The event streaming [x] not existed!')
 */
export class AlibabaError extends ConfluxError {
  readonly status: number;

  constructor(
    readonly alibabaCode: AlibabaErrorCode,
    message: string,
    options: { cause?: unknown } = {},
  ) {
    super(`alibaba.${alibabaCode}`, message, options);
    this.status = ALIBABA_ERRORS[alibabaCode];
  }

  /** The JSON error body, under one request id. */
  body(id: string): Record<string, unknown> {
    return {
      Code: this.alibabaCode,
      Message: this.message,
      RequestId: id,
      Success: false,
      code: this.alibabaCode,
      message: this.message,
      requestId: id,
    };
  }
}

/** InvalidArgument naming the field: `Source.SourceKafkaParameters.Topic: required`. */
export function invalidArgument(path: string, reason: string): AlibabaError {
  return new AlibabaError('InvalidArgument', path === '' ? reason : `${path}: ${reason}`);
}

/** The answer for an event stream nobody created, as the API reference words it. */
export function streamingNotExisted(name: string): AlibabaError {
  return new AlibabaError('EventStreamingNotExisted', `The event streaming [${name}] not existed!`);
}
