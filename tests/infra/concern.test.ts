import { App, type CfnElement, CfnResource, Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { Alarms } from '../../infra/aws/alarms.ts';
import { CchcFunction } from '../../infra/aws/cchc-function.ts';
import { Concern, logicalIdOutsideConcerns } from '../../infra/aws/concern.ts';

class ConcernStack extends Stack {
  protected override allocateLogicalId(element: CfnElement): string {
    return logicalIdOutsideConcerns(this, element, (e) => super.allocateLogicalId(e));
  }
}

class Part extends Concern {}

/** A resource at `path` (construct ids) under `scope`. */
function resourceAt(scope: Construct, path: string[]): CfnResource {
  let parent = scope;
  for (const id of path.slice(0, -1)) parent = (parent.node.tryFindChild(id) as Construct | undefined) ?? new Construct(parent, id);
  return new CfnResource(parent, path[path.length - 1]!, { type: 'AWS::SQS::Queue' });
}

// No bundling: these stacks are only looked at, never deployed.
const newApp = () => new App({ context: { 'aws:cdk:bundling-stacks': [] } });

describe('concerns', () => {
  const paths = [
    ['Api'],
    ['EventsQueue', 'Resource'],
    ['EventsQueue', 'Policy', 'Resource'],
    ['Api', 'POST--v1--events', 'IngestIntegration', 'Resource'],
    ['BucketRef', 'Default', 'Resource'],
    ['IngestFunction', 'IngestFunctionLogs', 'Resource'],
    ['x'.repeat(300), 'Resource'],
  ];

  it('leave the logical IDs CDK gives the same path without them', () => {
    const app = newApp();
    const plain = new Stack(app, 'Plain');
    const grouped = new ConcernStack(app, 'Grouped');
    const outer = new Part(grouped, 'Outer');
    const inner = new Part(outer, 'Inner');
    paths.forEach((path, index) => {
      const expected = plain.getLogicalId(resourceAt(plain, path));
      // in a concern, in a concern within a concern, and outside any
      expect(grouped.getLogicalId(resourceAt(index % 2 ? outer : inner, path))).toBe(expected);
    });
    expect(grouped.getLogicalId(resourceAt(grouped, ['Outside', 'Resource']))).toBe(plain.getLogicalId(resourceAt(plain, ['Outside', 'Resource'])));
  });

  it('refuse two resources that would share a logical ID, naming both', () => {
    const app = newApp();
    const stack = new ConcernStack(app, 'Stack');
    resourceAt(new Part(stack, 'A'), ['Queue']);
    resourceAt(new Part(stack, 'B'), ['Queue']);
    expect(() => app.synth()).toThrow(/Stack\/B\/Queue and Stack\/A\/Queue would both be Queue/);
  });
});

describe('alarms', () => {
  it('refuse a function created after the function alarms were made', () => {
    const app = newApp();
    const stack = new ConcernStack(app, 'Stack');
    const alarms = new Alarms(stack, 'Alarms', {});
    new CchcFunction(stack, 'EarlyFunction', { entry: 'functions/parked/parked.handler.ts', description: 'early', reservedConcurrency: 1 });
    alarms.functions(stack);
    new CchcFunction(stack, 'LateFunction', { entry: 'functions/parked/parked.handler.ts', description: 'late', reservedConcurrency: 1 });
    expect(() => app.synth()).toThrow(/Stack\/LateFunction has no alarms/);
  });
});
