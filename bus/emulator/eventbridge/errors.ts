import { ConfluxError } from '../../errors.js';

/**
 * The errors the EventBridge API answers with: the `__type` AWS sends, its HTTP status and
 * conflux's stable code. One table, so every refusal has the same wire shape.
 */
export const AWS_ERRORS = {
  ValidationException: { status: 400, code: 'eventbridge.validation' },
  ResourceNotFoundException: { status: 400, code: 'eventbridge.not-found' },
  ResourceAlreadyExistsException: { status: 400, code: 'eventbridge.exists' },
  InvalidEventPatternException: { status: 400, code: 'eventbridge.pattern' },
  LimitExceededException: { status: 400, code: 'eventbridge.limit' },
  UnknownOperationException: { status: 400, code: 'eventbridge.operation' },
  SerializationException: { status: 400, code: 'eventbridge.serialization' },
  InternalException: { status: 500, code: 'eventbridge.internal' },
} as const;

/** One of the AWS error names above. */
export type AwsErrorType = keyof typeof AWS_ERRORS;

/**
 * A refused EventBridge call. `body()` is what AWS sends, so the SDK throws an error whose
 * `name` is the type and whose `message` is this message.
 * @example new AwsError('ResourceNotFoundException', 'Event bus nope does not exist.').body()
 */
export class AwsError extends ConfluxError {
  readonly type: AwsErrorType;
  readonly status: number;

  constructor(type: AwsErrorType, message: string, options: { path?: string; cause?: unknown } = {}) {
    super(AWS_ERRORS[type].code, message, options);
    this.type = type;
    this.status = AWS_ERRORS[type].status;
  }

  /** The JSON 1.1 error body: `{"__type": "<ExceptionName>", "message": "…"}`. */
  body(): { __type: AwsErrorType; message: string } {
    return { __type: this.type, message: this.message };
  }
}

/** AWS's answer when a named event bus is missing. */
export function busNotFound(name: string): AwsError {
  return new AwsError('ResourceNotFoundException', `Event bus ${name} does not exist.`);
}

/** AWS's answer when a rule is missing from its bus. */
export function ruleNotFound(rule: string, bus: string): AwsError {
  return new AwsError('ResourceNotFoundException', `Rule ${rule} does not exist on EventBus ${bus}.`);
}
