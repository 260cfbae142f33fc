// The local HTTP API of a test file: every route of functions/api-routes.ts over a fresh table of
// its own, with the file's staff token and events secret; `stop` ends and removes all it started.
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Config } from '#adapters/config.ts';
import { localRoutes } from '../../infra/local/app.ts';
import { startHttpApi, type HttpApi } from '../../infra/local/http.ts';
import { dynamoClient, freshTable, localSetup } from '../setup/services.ts';

export interface TestApi {
  api: HttpApi;
  tableName: string;
  /** what the routes' handler roots were built with */
  config: Config;
  /** for counting and reading what was stored */
  dynamo: DynamoDBClient;
  stop(): Promise<void>;
}

export async function startTestApi(name: string, options: { staffToken: string; secret: string; env?: Record<string, string> }): Promise<TestApi> {
  const table = await freshTable(name);
  const { config, restore: restoreEnv } = localSetup({
    TABLE_NAME: table.tableName,
    STAFF_DEV_TOKEN: options.staffToken,
    REPORTS_BUCKET: 'unused',
    UPLOADS_BUCKET: 'unused',
    MAIL_FROM: 'bao-cao@example.vn',
    ...options.env,
  });
  const dynamo = dynamoClient();
  const local = localRoutes(config, options.secret);
  const api = await startHttpApi({ routes: local.routes, staffToken: options.staffToken });
  return {
    api,
    tableName: table.tableName,
    config,
    dynamo,
    async stop() {
      await api.stop();
      local.queue.stop();
      dynamo.destroy();
      restoreEnv();
      await table.drop();
    },
  };
}
