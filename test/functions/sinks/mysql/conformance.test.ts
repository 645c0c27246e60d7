import { mysqlSinkConfig } from '../../../../functions/sinks/mysql/config.js';
import { connect } from '../../../../functions/sinks/mysql/send.js';
import { describeSinkConformance } from '../../../helpers/sink-conformance.js';
import { conformanceTarget, MYSQL } from './target.js';

// body is `$.data.value` rendered by JSONPATH: the value's compact JSON, exactly the payload.
describeSinkConformance('mysql', () =>
  conformanceTarget((table, user) =>
    connect(
      mysqlSinkConfig.parse({
        type: 'mysql',
        host: MYSQL.host,
        port: MYSQL.port,
        user,
        database: MYSQL.database,
        table,
        columns: { seq: '$.data.value.seq', body: '$.data.value' },
      }),
      { baseDir: process.cwd() },
    ),
  ),
);
