import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from '../../../../functions/sinks/file/send.js';
import { describeSinkConformance } from '../../../helpers/sink-conformance.js';

// The file sink holds no connection to break: each write is an append and an fdatasync.
describeSinkConformance(
  'file',
  async () => {
    const dir = await mkdtemp(join(tmpdir(), 'conflux-file-conformance-'));
    return {
      connect: () => connect({ path: 'out.jsonl' }, { baseDir: dir }),
      received: async () => (await readFile(join(dir, 'out.jsonl'), 'utf8')).split('\n').filter((line) => line !== ''),
      cleanup: () => rm(dir, { recursive: true, force: true }),
    };
  },
  { breaks: false },
);
