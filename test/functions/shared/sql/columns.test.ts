import { describe, expect, it } from 'vitest';
import type { Json } from '../../../../bus/event.js';
import type { SinkMessage } from '../../../../bus/task/contract.js';
import { decodeKafkaRecord } from '../../../../functions/adapters/kafka-event.js';
import { compileColumns } from '../../../../functions/shared/sql/columns.js';
import { renderRows } from '../../../../functions/shared/sql/encode.js';
import { kafkaRecord } from '../../../helpers/kafka-record.js';

const message = (value: Json): SinkMessage => ({
  event: { specversion: '1.0', id: 'e', source: 's', type: 't', data: { value } },
  payload: '',
});

describe('SQL columns', () => {
  const columns = compileColumns(
    {
      a: { form: 'JSONPATH', value: '$.data.value.a' },
      whole: { form: 'JSONPATH', value: '$.data.value' },
      t: { form: 'TEMPLATE', value: { a: '$.data.value.a' }, template: '${a}' },
      c: { form: 'CONSTANT', value: 'null' },
    },
    '.',
  );

  it('JSONPATH selecting null → SQL NULL; every other form and value keeps its text', async () => {
    expect(await renderRows([message({ a: null })], columns.renderers)).toEqual([[null, '{"a":null}', 'null', 'null']]);
    expect(await renderRows([message({ a: 'null' })], columns.renderers)).toEqual([
      ['null', '{"a":"null"}', 'null', 'null'],
    ]);
    expect(await renderRows([message({ a: [null] })], columns.renderers)).toEqual([
      ['[null]', '{"a":[null]}', '[null]', 'null'],
    ]);
    const whole = compileColumns(
      { v: { form: 'JSONPATH', value: '$.data.value' }, k: { form: 'JSONPATH', value: "$['data']['value']" } },
      '.',
    );
    expect(await renderRows([message(null)], whole.renderers)).toEqual([[null, null]]);
  });

  it('answers a Kafka event whose value is still unread from its text, without parsing it', async () => {
    const kafka = (text: string): SinkMessage => ({ event: decodeKafkaRecord(kafkaRecord(text)).event, payload: '' });
    const whole = compileColumns({ v: { form: 'JSONPATH', value: '$.data.value' } }, '.');
    const compact = kafka('{"a":null}');
    expect(await renderRows([compact], whole.renderers)).toEqual([['{"a":null}']]);
    expect(Object.getOwnPropertyDescriptor(compact.event.data as object, 'value')?.get).toBeTypeOf('function');
    expect(await renderRows([kafka('null'), kafka('"null"'), kafka('{ "a": 1 }')], whole.renderers)).toEqual([
      [null],
      ['null'],
      ['{"a":1}'],
    ]);
  });

  it('a JSONPATH column that selects nothing is still an error naming the column', async () => {
    await expect(renderRows([message({})], columns.renderers)).rejects.toMatchObject({
      code: 'transform.nothing-selected',
    });
  });
});
