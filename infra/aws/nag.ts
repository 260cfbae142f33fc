import { Reference, Stack, Tokenization } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * How cdk-nag writes a resource attribute (an ARN) in the finding ids it reports on `scope`'s stack, so an
 * acknowledgement can name a resource by reference rather than by a pasted logical ID or export hash:
 * `<LogicalId.Arn>` for a resource of that stack, the export name for a resource of another stack
 * (cdk-nag flattens `Fn::ImportValue` to the name it imports).
 *
 * Across stacks this asks the producing stack for the export of the attribute: `exportValue` names and
 * creates the very export CDK makes for the reference itself, so the templates are unchanged.
 */
export function nagName(scope: IConstruct, attribute: string): string {
  const reference = Tokenization.reverse(attribute);
  if (!reference || !Reference.isReference(reference)) {
    throw new Error(`nagName: ${attribute} is not a resource attribute`);
  }
  const consumer = Stack.of(scope);
  const producer = Stack.of(reference.target);
  return flatten(consumer.resolve(producer === consumer ? attribute : producer.exportValue(attribute)));
}

/** cdk-nag's flattening of a CloudFormation reference (utils/flatten-cfn-reference), for the forms nagName meets. */
function flatten(value: unknown): string {
  if (typeof value === 'string') return value;
  const v = value as Record<string, unknown>;
  if (Array.isArray(v['Fn::Join'])) {
    const [delimiter, parts] = v['Fn::Join'] as [string, unknown[]];
    return parts.map(flatten).join(delimiter);
  }
  if (v['Fn::ImportValue'] !== undefined) return flatten(v['Fn::ImportValue']);
  if (Array.isArray(v['Fn::GetAtt'])) {
    const [resource, attribute] = v['Fn::GetAtt'] as [unknown, unknown];
    return `<${flatten(resource)}.${flatten(attribute)}>`;
  }
  if (v.Ref !== undefined) return `<${flatten(v.Ref)}>`;
  throw new Error(`nagName: cannot flatten ${JSON.stringify(value)}`);
}
