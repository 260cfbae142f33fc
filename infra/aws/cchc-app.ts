import { type App, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { type StageConfig, stageFromContext } from './stages.ts';
import { StatefulStack } from './stateful-stack.ts';
import { StatelessStack } from './stateless-stack.ts';

export interface CchcStacks {
  readonly stage: StageConfig;
  readonly stateful: StatefulStack;
  readonly stateless: StatelessStack;
}

/**
 * Adds both stacks of the stage named by `-c stage=…` (infra/aws/stages.ts: required values are
 * checked here, before anything is built, among them the hosted login's prefix, the signing agencies
 * and the staff console's certificate) and registers the cdk-nag AWS Solutions checks (cdk-nag v3
 * is a CDK validation plugin: any unacknowledged finding fails the synth). Stack names, and with them
 * the export names, carry the stage, so two stages can share an account.
 */
export function addCchcStacks(app: App): CchcStacks {
  const stage = stageFromContext(app);
  const env = { region: stage.region, ...(stage.account ? { account: stage.account } : {}) };
  const tags = { Project: 'cchc-report', Stage: stage.name, DataClassification: stage.dataClassification };
  // Stack tags (CloudFormation puts them on what it creates) and the same tags written on every resource of the templates.
  const common = { env, terminationProtection: stage.production, stage, tags };

  const stateful = new StatefulStack(app, `CchcReport-${stage.name}-Stateful`, {
    ...common,
    description: `CCHC report (${stage.name}): table, buckets, events queues, secret, staff user pool, mail identity, signing keys`,
  });
  const stateless = new StatelessStack(app, `CchcReport-${stage.name}-Stateless`, {
    ...common,
    description: `CCHC report (${stage.name}): functions, HTTP API, schedules, alarms, dashboard`,
    stateful,
  });

  for (const [key, value] of Object.entries(tags)) Tags.of(app).add(key, value);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { stage, stateful, stateless };
}
