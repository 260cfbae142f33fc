// The upload-sweep function's composition root: invoked by its schedule, checks again the uploads still waiting in incoming/.
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Config } from '#adapters/config.ts';
import { log } from '#adapters/log.ts';
import { buildUploadCheckPorts } from '#adapters/upload-check-ports.ts';
import { sweepIncomingUploads, type SweptUpload } from './upload-sweep.ts';

export function buildUploadSweep(config: Config) {
  const ports = buildUploadCheckPorts(config);
  return middy<unknown, SweptUpload[]>()
    .use(injectLambdaContext(log))
    .handler(async () => {
      const swept = await sweepIncomingUploads(ports);
      if (swept.length > 0) log.warn('upload-sweep: uploads checked again', { swept });
      return swept;
    });
}
