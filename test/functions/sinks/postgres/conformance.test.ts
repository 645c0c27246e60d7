import { postgresSinkConfig } from '../../../../functions/sinks/postgres/config.js';
import { connect } from '../../../../functions/sinks/postgres/send.js';
import { describeSinkConformance } from '../../../helpers/sink-conformance.js';
import { conformanceTarget, sinkUrl } from './target.js';

// body is `$.data.value` rendered by JSONPATH: the value's compact JSON, exactly the payload.
describeSinkConformance('postgres', () =>
  conformanceTarget((table) =>
    connect(
      postgresSinkConfig.parse({
        type: 'postgres',
        connectionString: sinkUrl(table),
        table,
        columns: { seq: '$.data.value.seq', body: '$.data.value' },
      }),
      { baseDir: process.cwd() },
    ),
  ),
);
