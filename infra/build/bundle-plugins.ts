import { dirname } from 'node:path';
import type { Plugin, PluginBuild } from 'esbuild';

/**
 * What goes in place of a module: its source, and the folder its relative `require`s start from
 * (the replaced module's own folder unless given).
 */
export type Replacement = (file: string) => { contents: string; resolveDir?: string };

/**
 * A plugin that loads other source in place of the modules whose resolved file matches a pattern.
 * The replaced module's own imports are never followed, so what only it needs stays out too.
 */
export function replaceModules(
  name: string,
  rules: readonly (readonly [file: RegExp, replace: Replacement])[],
): Plugin {
  return {
    name,
    setup(build) {
      shareLeftOut(build);
      for (const [file, replace] of rules) {
        build.onLoad({ filter: file }, (args) => {
          const { contents, resolveDir } = replace(args.path);
          return { contents, loader: 'js', ...(resolveDir === undefined ? {} : { resolveDir }) };
        });
      }
    },
  };
}

/** The module every left-out stub requires: one copy of the proxy that throws, however many stubs. */
const LEFT_OUT_MODULE = 'conflux-left-out';

function shareLeftOut(build: PluginBuild): void {
  build.onResolve({ filter: new RegExp(`^${LEFT_OUT_MODULE}$`) }, () => ({
    path: LEFT_OUT_MODULE,
    namespace: LEFT_OUT_MODULE,
  }));
  build.onLoad({ filter: /.*/, namespace: LEFT_OUT_MODULE }, () => ({
    contents: `module.exports = (sentence) => {
  const fail = () => { throw new Error(sentence); };
  const stub = new Proxy(function leftOut() {}, {
    get: (target, key) => (key === 'prototype' ? target.prototype : typeof key === 'symbol' || key === 'then' || key === '__esModule' ? undefined : stub),
    apply: fail,
    construct: fail,
  });
  return stub;
};`,
    loader: 'js',
  }));
}

/**
 * A plugin that loads other source in place of what one package imports by a name (`request`), for
 * the importers matching `importer` only: other packages importing the same module keep the real
 * one. The replacement is given the (first) importer's file.
 */
export function replaceImports(
  name: string,
  rules: readonly [importer: RegExp, request: RegExp, replace: Replacement][],
): Plugin {
  return {
    name,
    setup(build) {
      rules.forEach(([importer, request, replace], i) => {
        // one module per rule, however many files of the importer's package require it
        build.onResolve({ filter: request }, (args) =>
          importer.test(args.importer)
            ? { path: args.path, namespace: `${name}-${i}`, pluginData: args.importer }
            : undefined,
        );
        build.onLoad({ filter: /.*/, namespace: `${name}-${i}` }, (args) => {
          const importerFile = String(args.pluginData);
          const { contents, resolveDir } = replace(importerFile);
          return { contents, loader: 'js', resolveDir: resolveDir ?? dirname(importerFile) };
        });
      });
    },
  };
}

/**
 * The source of a module left out of the bundles. Its exports can still be read while the modules
 * around it load (an `extends`, a re-export), but calling or constructing any of them throws
 * `<what> is left out of conflux bundles (<why>)`, so a path the bundle was not built for fails
 * with that sentence instead of a TypeError. `atLoad` throws as soon as it is required (for modules
 * their library requires only on the path left out).
 *
 * @example leftOut('the SOCKS proxy transport of mqtt.js', 'the MQTT sink connects directly')
 */
export function leftOut(what: string, why: string, options: { atLoad?: boolean } = {}): Replacement {
  const sentence = JSON.stringify(`${what} is left out of conflux bundles (${why})`);
  if (options.atLoad) return () => ({ contents: `throw new Error(${sentence});` });
  return () => ({ contents: `module.exports = require('${LEFT_OUT_MODULE}')(${sentence});` });
}

/** A path pattern for a file inside a package: `inPackage('mqtt', 'build/lib/connect/socks.js')`. */
export function inPackage(pkg: string, file: string): RegExp {
  const part = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replaceAll('/', '[\\\\/]');
  return new RegExp(`[\\\\/]node_modules[\\\\/]${part(pkg)}[\\\\/]${part(file)}$`);
}

const MQTT_DIRECT = 'the MQTT sink connects straight to the broker over mqtt, mqtts, ws or wss';

/**
 * mqtt.js as the MQTT sink uses it in Node: its own transports for mqtt://, mqtts://, ws:// and wss://
 * stay; the SOCKS proxy transport (only with a `socksProxy` option or MQTTJS_SOCKS_PROXY, with the
 * socks, ip-address and smart-buffer packages), the browser and mini-program transports, the browser
 * timers (worker-timers, picked only in a browser main thread), MQTT 5 topic aliases for sending
 * (lru-cache; a 3.1.1 connection, the sink's, never gets them) and ws's server are left out.
 * readable-stream is built in its own READABLE_STREAM=disable mode: Node's `stream` module in its
 * place. This keeps the MQTT sink under the limit.
 */
const mqttNodeClientOnly = replaceModules('mqtt-node-client-only', [
  [inPackage('mqtt', 'build/lib/connect/socks.js'), leftOut('the SOCKS proxy transport of mqtt.js', MQTT_DIRECT)],
  [inPackage('mqtt', 'build/lib/connect/wx.js'), leftOut('the WeChat transport of mqtt.js', MQTT_DIRECT)],
  [inPackage('mqtt', 'build/lib/connect/ali.js'), leftOut('the Alipay transport of mqtt.js', MQTT_DIRECT)],
  [inPackage('mqtt', 'build/lib/topic-alias-send.js'), leftOut('MQTT 5 topic aliases', 'the MQTT sink speaks 3.1.1')],
  [inPackage('worker-timers', 'build/es5/bundle.js'), leftOut('worker-timers', 'only browsers use them')],
  [inPackage('ws', 'lib/websocket-server.js'), leftOut('the WebSocket server of ws', 'the MQTT sink is a client')],
  [
    inPackage('readable-stream', 'lib/ours/index.js'),
    () => ({
      contents: `const Stream = require('node:stream');
for (const name of ['_uint8ArrayToBuffer', '_isUint8Array', 'isDisturbed', 'isErrored', 'isReadable', 'Readable', 'Writable', 'Duplex', 'Transform', 'PassThrough', 'addAbortSignal', 'finished', 'destroy', 'pipeline', 'compose', 'Stream', 'promises'])
  module.exports[name] = Stream[name];`,
    }),
  ],
]);

const NATS_PUBLISH = 'the NATS sink only publishes, and its settings hold no credentials';

/**
 * nats.js as the NATS sink uses it: core publish and JetStream publish stay; key-value and object
 * stores (with their SHA-256), JetStream consumers, services, the benchmark tool and NKey/JWT
 * signing (nkeys.js and tweetnacl: only with an nkey, seed or credentials authenticator, which the
 * sink never passes, as its settings hold none) are left out. This keeps the NATS sink under the limit.
 */
const natsPublishOnly = replaceModules('nats-publish-only', [
  [inPackage('nats', 'lib/jetstream/kv.js'), leftOut('the NATS key-value store', NATS_PUBLISH)],
  [inPackage('nats', 'lib/jetstream/objectstore.js'), leftOut('the NATS object store', NATS_PUBLISH)],
  [inPackage('nats', 'lib/nats-base-client/js-sha256.js'), leftOut('the NATS object store', NATS_PUBLISH)],
  [inPackage('nats', 'lib/jetstream/consumer.js'), leftOut('JetStream consumers', NATS_PUBLISH)],
  [inPackage('nats', 'lib/nats-base-client/service.js'), leftOut('NATS services', NATS_PUBLISH)],
  [inPackage('nats', 'lib/nats-base-client/serviceclient.js'), leftOut('NATS services', NATS_PUBLISH)],
  [inPackage('nats', 'lib/nats-base-client/bench.js'), leftOut('the NATS benchmark', NATS_PUBLISH)],
  [inPackage('nats', 'lib/nats-base-client/nkeys.js'), leftOut('NKey and JWT authentication', NATS_PUBLISH)],
]);

/** The plugins for mqtt.js and nats.js (mysql2's are in bundle-plugins-mysql.ts, kafkajs's and ioredis's in bundle.ts). */
export const messagingPlugins: Plugin[] = [mqttNodeClientOnly, natsPublishOnly];
