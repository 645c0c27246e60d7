#!/usr/bin/env node
// `npm run kafka -- [--brokers 3]`: a local Apache Kafka (infra/kafka/main.ts), run through tsx.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../infra/kafka/main.ts');
process.exitCode = await main(process.argv.slice(2));
