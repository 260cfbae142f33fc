import { createHash } from 'node:crypto';
import type { CfnElement, Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';

/**
 * One concern of a stack (the events pipeline, the staff API, …): it groups constructs in the construct
 * tree — paths, cdk-nag acknowledgements, the code — but not in the CloudFormation logical IDs. A stack
 * that allocates its logical IDs with `logicalIdOutsideConcerns` names a resource as if the concerns
 * above it were not there, so moving resources into a concern (or between concerns) replaces nothing
 * on deploy: not the API and its URL, not a dead-letter queue and its messages, not a log group.
 *
 * Two resources with the same id under different concerns would get the same logical ID: the synth
 * fails naming both, so keep construct ids unique across the concerns of a stack.
 */
export abstract class Concern extends Construct {}

/**
 * The logical ID CDK would allocate to the element if no concern stood between it and its stack. For use
 * in `Stack.allocateLogicalId`; an element with no concern above it gets exactly CDK's default.
 */
export function logicalIdOutsideConcerns(
  stack: Stack,
  element: CfnElement,
  cdkDefault: (element: CfnElement) => string,
): string {
  const scopes = element.node.scopes;
  const below = scopes.slice(scopes.indexOf(stack) + 1);
  const id = below.some((scope) => scope instanceof Concern)
    ? makeUniqueId(below.filter((scope) => !(scope instanceof Concern)).map((scope) => scope.node.id))
    : cdkDefault(element);
  // CDK would refuse the template too, but naming only the ID; this names both constructs.
  let named = allocated.get(stack);
  if (!named) allocated.set(stack, (named = new Map()));
  const holder = named.get(id);
  if (holder && holder !== element) {
    throw new Error(`${element.node.path} and ${holder.node.path} would both be ${id}: concerns do not name resources, so give one another id`);
  }
  named.set(id, element);
  return id;
}

const allocated = new WeakMap<Stack, Map<string, CfnElement>>();

/*
 * CDK's logical-ID algorithm (aws-cdk-lib core/lib/private/uniqueid.ts, not exported): the path's ids
 * without `Default`, the human part without `Resource` and repeated suffixes, and the first 8 hex digits
 * of the MD5 of the path. CDK keeps it unchanged across versions since a change would replace resources;
 * the infra tests compare it with CDK's own on nested paths.
 */
const hiddenId = 'Default';
const hiddenFromHumanId = 'Resource';
const maxHumanLength = 240;
const maxIdLength = 255;

function makeUniqueId(path: string[]): string {
  const components = path.filter((id) => id !== hiddenId);
  if (components.length === 0) throw new Error('cannot name an element from an empty path');
  if (components.length === 1) {
    const candidate = alphanumeric(components[0]!);
    if (candidate.length <= maxIdLength) return candidate;
  }
  const hash = createHash('md5').update(components.join('/')).digest('hex').slice(0, 8).toUpperCase();
  const human = withoutRepeatedSuffixes(components)
    .filter((id) => id !== hiddenFromHumanId)
    .map(alphanumeric)
    .join('')
    .slice(0, maxHumanLength);
  return human + hash;
}

function alphanumeric(id: string): string {
  return id.replace(/[^A-Za-z0-9]/g, '');
}

function withoutRepeatedSuffixes(path: string[]): string[] {
  const kept: string[] = [];
  for (const id of path) if (kept.length === 0 || !kept[kept.length - 1]!.endsWith(id)) kept.push(id);
  return kept;
}
