import { connect } from '../../../../functions/sinks/function/send.js';
import { describeSinkConformance } from '../../../helpers/sink-conformance.js';
import { handlerDir } from './handlers.js';

// The handler runs in a worker thread of this process: there is no connection to a service to break
// (a handler that dies or hangs is covered in send.test.ts).
describeSinkConformance(
  'function',
  async () => {
    const handlers = await handlerDir();
    return {
      connect: () =>
        connect({ type: 'function', handler: 'record.mjs#handler', timeoutMs: 10_000 }, { baseDir: handlers.dir }),
      // Each call's event is the array of payloads (parsed, since they are JSON): back to their text.
      received: async () => (await handlers.readCalls()).flat().map((payload) => JSON.stringify(payload)),
      cleanup: handlers.cleanup,
    };
  },
  { breaks: false },
);
