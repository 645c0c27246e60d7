import { describe, expect, it } from 'vitest';
import { AwsError } from '../../../../bus/emulator/eventbridge/errors.js';
import { compileTargetInput, type TargetInputSpec } from '../../../../bus/emulator/eventbridge/target-input.js';

describe('refusals at PutTargets, in AWS words, naming the field', () => {
  const refusal = (spec: Omit<TargetInputSpec, 'id'>) => {
    try {
      compileTargetInput({ id: 't1', ...spec }, 2);
    } catch (error) {
      expect(error).toBeInstanceOf(AwsError);
      const e = error as AwsError;
      return { type: e.type, message: e.message, path: e.path };
    }
    throw new Error('expected a refusal');
  };

  it.each([
    [
      { input: '{}', inputPath: '$' },
      'Only one of Input, InputPath, or InputTransformer must be provided for target t1.',
      'Targets[2]',
    ],
    [
      { inputPath: '$', transformer: { paths: {}, template: '"x"' } },
      'Only one of Input, InputPath, or InputTransformer must be provided for target t1.',
      'Targets[2]',
    ],
    [{ input: 'not json' }, 'Input for target t1 is not a valid JSON text.', 'Targets[2].Input'],
    [{ inputPath: 'detail' }, 'InputPath for target t1 is not a valid JSON path: detail.', 'Targets[2].InputPath'],
    [
      { transformer: { paths: { a: '$.detail' }, template: '"<a> <b>"' } },
      'InputTemplate for target t1 contains invalid placeholder b.',
      'Targets[2].InputTransformer.InputTemplate',
    ],
    [
      { transformer: { paths: { a: '$..detail' }, template: '<a>' } },
      'InputPathsMap for target t1 has an invalid JSON path for a: $..detail.',
      'Targets[2].InputTransformer.InputPathsMap.a',
    ],
  ])('%j', (spec, message, path) => {
    expect(refusal(spec)).toEqual({ type: 'ValidationException', message, path });
  });

  it.each(['', 'x', '$.', '$..a', '$.a[', '$.a[x]', '$.a.[0]', '$ .a', '$.a b'])('not a path: %j', (path) => {
    expect(refusal({ inputPath: path }).message).toMatch(/is not a valid JSON path/);
  });
});
