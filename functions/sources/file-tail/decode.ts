import type { CloudEvent } from '../../../bus/event.js';
import type { StoredRecord } from '../../../bus/log/types.js';
import type { DecodedEvent } from '../../../bus/task/contract.js';
import { keepBodyText, parseBody, readMeta } from '../../adapters/source/record.js';

/** What receive.ts keeps of a line or record besides its text, as JSON in the record's `:meta` header. */
export interface FileTailMeta {
  /** `<device>-<inode>` of the file: the same file under a new name after a rename keeps it. */
  fileId: string;
  /** The file's path when the record was read. */
  file: string;
  /** The byte offset of the record's first line. */
  offset: number;
  /** The number of its first line (1-based). */
  lineNumber: number;
}

const SOURCE = 'conflux:file-tail';
const TYPE = 'file:Line:Appended';
const CONTENT_TYPE = 'application/json;charset=utf-8';

/**
 * A line (or multi-line record) → the CloudEvent the source emits (conflux's own shape, laid out
 * like the other sources'): `source: "conflux:file-tail"`, `type: "file:Line:Appended"`,
 * `subject: <the file's path>`, `id: "<fileId>-<offset>"` (the same when the line is read again
 * after a restart), `data: { file, offset, lineNumber, body }`, `body` being the parsed JSON when
 * the line parses, else its text. `time` is when conflux read the line.
 *
 * @example decode(record, { withText: false }).event.data // { file: "/var/log/app.log", offset: 0, lineNumber: 1, body: "started" }
 */
export function decode(record: StoredRecord, options: { withText: boolean }): DecodedEvent {
  const meta = readMeta<FileTailMeta>(record, 'source.file-tail.decode', 'a file-tail line');
  const { body, text } = parseBody(record.value);
  const event: CloudEvent = {
    specversion: '1.0',
    id: `${meta.fileId}-${meta.offset}`,
    source: SOURCE,
    type: TYPE,
    subject: meta.file,
    time: new Date(record.timestamp).toISOString(),
    datacontenttype: CONTENT_TYPE,
    data: keepBodyText({ file: meta.file, offset: meta.offset, lineNumber: meta.lineNumber, body }, text),
  };
  return options.withText ? { event, text: JSON.stringify(event) } : { event };
}
