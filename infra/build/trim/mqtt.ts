import { inPackage, leftOut, type ModuleRule, type PackageTrim, type Replacement } from './rule.js';

const DIRECT = 'the MQTT sink connects straight to the broker over mqtt, mqtts, ws or wss';

const rule = (name: string, pkg: string, file: string, replace: Replacement): ModuleRule => ({
  name,
  file: inPackage(pkg, file),
  replace,
});

/**
 * mqtt.js as the MQTT sink uses it in Node: its own transports for mqtt://, mqtts://, ws:// and wss://
 * stay; the SOCKS proxy transport (only with a `socksProxy` option or MQTTJS_SOCKS_PROXY, with the
 * socks, ip-address and smart-buffer packages), the browser and mini-program transports, the browser
 * timers (worker-timers, picked only in a browser main thread), MQTT 5 topic aliases for sending
 * (lru-cache; a 3.1.1 connection, the sink's, never gets them) and ws's server are left out.
 * readable-stream is built in its own READABLE_STREAM=disable mode: Node's `stream` module in its
 * place. This keeps the MQTT sink under the limit.
 */
export const mqttNodeClientOnly: PackageTrim = {
  name: 'mqtt-node-client-only',
  package: 'mqtt',
  checkedAgainst: { mqtt: '5.16.0', ws: '8.23.0', 'readable-stream': '4.8.0', 'worker-timers': '8.0.34' },
  rules: [
    rule(
      'the SOCKS proxy transport',
      'mqtt',
      'build/lib/connect/socks.js',
      leftOut('the SOCKS proxy transport of mqtt.js', DIRECT),
    ),
    rule('the WeChat transport', 'mqtt', 'build/lib/connect/wx.js', leftOut('the WeChat transport of mqtt.js', DIRECT)),
    rule(
      'the Alipay transport',
      'mqtt',
      'build/lib/connect/ali.js',
      leftOut('the Alipay transport of mqtt.js', DIRECT),
    ),
    rule(
      'MQTT 5 topic aliases',
      'mqtt',
      'build/lib/topic-alias-send.js',
      leftOut('MQTT 5 topic aliases', 'the MQTT sink speaks 3.1.1'),
    ),
    rule('worker-timers', 'worker-timers', 'build/es5/bundle.js', leftOut('worker-timers', 'only browsers use them')),
    rule(
      'the WebSocket server of ws',
      'ws',
      'lib/websocket-server.js',
      leftOut('the WebSocket server of ws', 'the MQTT sink is a client'),
    ),
    rule('readable-stream as Node streams', 'readable-stream', 'lib/ours/index.js', () => ({
      contents: `const Stream = require('node:stream');
for (const name of ['_uint8ArrayToBuffer', '_isUint8Array', 'isDisturbed', 'isErrored', 'isReadable', 'Readable', 'Writable', 'Duplex', 'Transform', 'PassThrough', 'addAbortSignal', 'finished', 'destroy', 'pipeline', 'compose', 'Stream', 'promises'])
  module.exports[name] = Stream[name];`,
    })),
  ],
};
