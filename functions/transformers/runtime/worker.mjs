// The isolate a FUNCTION transform's handler runs in (one worker thread, started by pool.ts).
// Plain JavaScript on purpose: it is started as a file by both the TypeScript sources (tsx,
// vitest) and the esbuild bundles, which copy it beside index.mjs.
//
// Protocol. In: {id, bytes: Uint8Array (UTF-8 JSON array of events), context: {requestId, …}}.
// Out: {ready: true} | {loadError} once; then per call {id, result} | {id, error}; an error with
// `tooLarge: true` is a result over `resultLimitBytes` (measured here, so it is never copied out).
import { pathToFileURL } from 'node:url';
import { parentPort, workerData } from 'node:worker_threads';

const { file, exportName, functionInfo, resultLimitBytes } = workerData;

// console.log in a handler must not land in the runtime's stdout: that carries data (JSON lines).
process.stdout.write = process.stderr.write.bind(process.stderr);

async function load() {
  let mod;
  if (file.endsWith('.ts')) {
    let tsx;
    try {
      tsx = await import('tsx/esm/api');
    } catch {
      throw new Error(`cannot load ${file}: TypeScript handlers need the tsx package (or compile the handler to .mjs)`);
    }
    mod = await tsx.tsImport(pathToFileURL(file).href, import.meta.url);
  } else {
    mod = await import(pathToFileURL(file).href);
  }
  const handler = mod[exportName] ?? mod.default?.[exportName];
  if (typeof handler !== 'function') {
    const found = Object.keys(mod).join(', ') || 'nothing';
    throw new Error(`${file} has no function export "${exportName}" (it exports: ${found})`);
  }
  return handler;
}

/** FC's context.logger: lines on stderr, tagged with the request id and level (methods on the prototype: one small object per call). */
class Logger {
  constructor(requestId) {
    this.requestId = requestId;
  }
  write(level, args) {
    const text = args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ');
    process.stderr.write(`${new Date().toISOString()} ${this.requestId} [${level}] ${text}\n`);
  }
  debug(...args) {
    this.write('DEBUG', args);
  }
  info(...args) {
    this.write('INFO', args);
  }
  log(...args) {
    this.write('INFO', args);
  }
  warn(...args) {
    this.write('WARN', args);
  }
  error(...args) {
    this.write('ERROR', args);
  }
}

/** Runs the handler async-style, or callback-style when it declares a third parameter. */
function invoke(handler, event, context) {
  if (handler.length >= 3) {
    return new Promise((resolve, reject) => {
      handler(event, context, (error, result) => (error ? reject(error) : resolve(result)));
    });
  }
  return handler(event, context);
}

/** The result's size as the runtime will count it (UTF-8 text per output), stopping once over `limit`. */
function resultBytes(result, limit) {
  const one = (value) => {
    if (typeof value === 'string') return Buffer.byteLength(value);
    if (value instanceof Uint8Array) return value.byteLength;
    const text = value === undefined ? undefined : JSON.stringify(value);
    return text === undefined ? 0 : Buffer.byteLength(text);
  };
  if (!Array.isArray(result)) return one(result);
  let total = 0;
  for (const element of result) {
    total += one(element);
    if (total > limit) return total;
  }
  return total;
}

function describe(error) {
  if (error instanceof Error) return { name: error.name, message: error.message, stack: error.stack };
  let message;
  try {
    message = typeof error === 'string' ? error : (JSON.stringify(error) ?? String(error));
  } catch {
    message = String(error); // a circular or BigInt-holding value
  }
  return { name: 'Error', message };
}

let handler;
try {
  handler = await load();
  parentPort.postMessage({ ready: true });
} catch (error) {
  parentPort.postMessage({ loadError: describe(error) });
}

if (handler !== undefined) {
  parentPort.on('message', async ({ id, bytes, context }) => {
    const event = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const fcContext = { requestId: context.requestId, function: functionInfo, logger: new Logger(context.requestId) };
    try {
      const result = await invoke(handler, event, fcContext);
      const size = resultBytes(result, resultLimitBytes);
      if (size > resultLimitBytes) {
        const message = `handler result is over ${resultLimitBytes} bytes (${size} counted): Function Compute's response limit`;
        parentPort.postMessage({ id, error: { name: 'RangeError', message, tooLarge: true } });
        return;
      }
      try {
        parentPort.postMessage({ id, result });
      } catch (error) {
        parentPort.postMessage({
          id,
          error: { name: 'DataCloneError', message: `handler result cannot be sent: ${error.message}` },
        });
      }
    } catch (error) {
      parentPort.postMessage({ id, error: describe(error) });
    }
  });
}
