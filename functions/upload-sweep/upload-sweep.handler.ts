// The upload-sweep function: invoked by its schedule, checks again the uploads still waiting in incoming/.
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { log } from '#adapters/log.ts';
import { uploadCheckPortsFromEnv } from '#adapters/ports.ts';
import { sweepIncomingUploads, type SweptUpload } from './upload-sweep.ts';

const ports = uploadCheckPortsFromEnv();

export const handler = middy<unknown, SweptUpload[]>()
  .use(injectLambdaContext(log))
  .handler(async () => {
    const swept = await sweepIncomingUploads(ports);
    if (swept.length > 0) log.warn('upload-sweep: uploads checked again', { swept });
    return swept;
  });
