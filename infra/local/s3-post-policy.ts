// What S3 checks of a browser's presigned POST (Signature Version 4 POST policy) before it stores
// anything, so the local S3 refuses what the real one would: a changed key, another bucket, another
// content type, a size outside the range, an expired policy, a signature that does not match.
// https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-HTTPPOSTConstructPolicy.html and
// https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-authentication-HTTPPOST.html
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface PostCredentials {
  accessKeyId: string;
  secretAccessKey: string;
}

/** A POST form as S3 reads it: the bucket it was posted to, its fields before the file, the file's size. */
export interface PostForm {
  bucket: string;
  /** field name (as sent) → value; only the first of a name counts */
  fields: ReadonlyMap<string, string>;
  fileSize: number;
}

/** S3's answer to a form it refuses: the status and the code of its XML error. */
export interface PostRefusal {
  status: 400 | 403;
  code: 'MalformedPOSTRequest' | 'AccessDenied' | 'SignatureDoesNotMatch' | 'InvalidAccessKeyId' | 'InvalidArgument' | 'InvalidPolicyDocument' | 'EntityTooLarge' | 'EntityTooSmall';
  message: string;
}

/** Fields no condition has to name (S3: the signature, the file, the policy itself, x-ignore-*). */
const UNCONDITIONED = /^(file|policy|x-amz-signature|x-ignore-.*)$/i;

const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data, 'utf8').digest();

/** The SigV4 signature of a base64 policy document: HMAC chain over date, region, service. */
export function policySignature(secretAccessKey: string, date: string, region: string, policy: string): string {
  const signingKey = hmac(hmac(hmac(hmac(`AWS4${secretAccessKey}`, date), region), 's3'), 'aws4_request');
  return hmac(signingKey, policy).toString('hex');
}

const refuse = (status: PostRefusal['status'], code: PostRefusal['code'], message: string): PostRefusal => ({ status, code, message });
// S3 names the failed condition in its array form, whichever form the policy used: ["eq", "$key", "…"].
const policyFailed = (condition: readonly string[]) =>
  refuse(403, 'AccessDenied', `Invalid according to Policy: Policy Condition failed: [${condition.map((part) => JSON.stringify(part)).join(', ')}]`);

/** The form's value of a field a condition names (`$key`, `Content-Type`, `bucket`): names are case-insensitive. */
function valueOf(form: PostForm, name: string): string | undefined {
  const field = name.replace(/^\$/, '').toLowerCase();
  if (field === 'bucket') return form.bucket;
  for (const [k, v] of form.fields) if (k.toLowerCase() === field) return v;
  return undefined;
}

/** What S3 refuses the form for, or undefined when it would store the file. */
export function checkPostPolicy(form: PostForm, credentials: readonly PostCredentials[], now: Date): PostRefusal | undefined {
  const field = (name: string) => valueOf(form, name);
  const policy = field('policy');
  // Without a policy the POST is anonymous: the bucket is not public.
  if (policy === undefined) return refuse(403, 'AccessDenied', 'Access Denied');
  for (const name of ['X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Date', 'X-Amz-Signature']) {
    if (field(name) === undefined) return refuse(400, 'InvalidArgument', `Bucket POST must contain a field named '${name}'.  If it is specified, please check the order of the fields.`);
  }
  if (field('X-Amz-Algorithm') !== 'AWS4-HMAC-SHA256') return refuse(400, 'InvalidArgument', 'Only AWS4-HMAC-SHA256 is supported');
  const [accessKeyId, date, region, service, terminator, ...rest] = field('X-Amz-Credential')!.split('/');
  if (!date || !region || service !== 's3' || terminator !== 'aws4_request' || rest.length > 0) {
    return refuse(400, 'InvalidArgument', 'Error parsing the X-Amz-Credential parameter; the credential is mal-formed; expecting "<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request".');
  }
  const secret = credentials.find((c) => c.accessKeyId === accessKeyId)?.secretAccessKey;
  if (secret === undefined) return refuse(403, 'InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.');
  const expected = Buffer.from(policySignature(secret, date, region, policy));
  const given = Buffer.from(field('X-Amz-Signature')!.toLowerCase());
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    return refuse(403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided. Check your key and signing method.');
  }

  let document: { expiration?: unknown; conditions?: unknown };
  try {
    document = JSON.parse(Buffer.from(policy, 'base64').toString('utf8')) as typeof document;
  } catch {
    return refuse(400, 'InvalidPolicyDocument', 'Invalid Policy: Invalid JSON.');
  }
  if (typeof document.expiration !== 'string' || Number.isNaN(Date.parse(document.expiration))) {
    return refuse(400, 'InvalidPolicyDocument', 'Invalid Policy: Policy missing expiration.');
  }
  if (Date.parse(document.expiration) <= now.getTime()) return refuse(403, 'AccessDenied', 'Invalid according to Policy: Policy expired.');
  if (!Array.isArray(document.conditions)) return refuse(400, 'InvalidPolicyDocument', 'Invalid Policy: Policy missing conditions.');

  const named = new Set<string>();
  for (const condition of document.conditions as unknown[]) {
    if (Array.isArray(condition) && condition[0] === 'content-length-range') {
      const [, min, max] = condition as [string, number, number];
      if (form.fileSize > max) return refuse(400, 'EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size');
      if (form.fileSize < min) return refuse(400, 'EntityTooSmall', 'Your proposed upload is smaller than the minimum allowed size');
      continue;
    }
    const [operator, name, value] = Array.isArray(condition)
      ? (condition as [string, string, string])
      : condition !== null && typeof condition === 'object' && Object.keys(condition).length === 1
        ? ['eq', `$${Object.keys(condition)[0]!}`, String(Object.values(condition)[0])]
        : [];
    if (typeof name !== 'string' || typeof value !== 'string' || (operator !== 'eq' && operator !== 'starts-with')) {
      return refuse(400, 'InvalidPolicyDocument', `Invalid Policy: Invalid Condition: ${JSON.stringify(condition)}`);
    }
    named.add(name.replace(/^\$/, '').toLowerCase());
    const actual = field(name);
    if (actual === undefined || (operator === 'eq' ? actual !== value : !actual.startsWith(value))) return policyFailed([operator, name.startsWith('$') ? name : `$${name}`, value]);
  }
  const extra = [...form.fields.keys()].filter((k) => !UNCONDITIONED.test(k) && !named.has(k.toLowerCase()));
  if (extra.length > 0) return refuse(403, 'AccessDenied', `Invalid according to Policy: Extra input fields: ${extra.join(', ')}`);
  return undefined;
}

/** S3's XML error body. */
export function s3ErrorXml(refusal: PostRefusal, requestId: string): string {
  const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${refusal.code}</Code><Message>${escape(refusal.message)}</Message><RequestId>${requestId}</RequestId></Error>`;
}
