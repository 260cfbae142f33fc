// The local S3's reading of a presigned POST (infra/local/s3-post-policy.ts) against forms the AWS
// SDK signs: what S3 stores, and what it refuses with which code.
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { describe, expect, it } from 'vitest';
import { LOCAL_CREDENTIALS } from '#local/dynamodb-local.ts';
import { s3ClientFor } from '#local/s3-local.ts';
import { checkPostPolicy, policySignature, type PostForm } from '#local/s3-post-policy.ts';

// No request is sent: the SDK only signs.
const client = s3ClientFor('http://127.0.0.1:9');
const presigned = await createPresignedPost(client, {
  Bucket: 'uploads',
  Key: 'incoming/SKHCN/01H3Z6X1T2ABCDEFGHJKMNPQRS',
  Conditions: [['content-length-range', 10, 10], { 'Content-Type': 'application/pdf' }, ['starts-with', '$x-amz-meta-tag', 'cchc-']],
  Fields: { 'Content-Type': 'application/pdf', 'x-amz-meta-tag': 'cchc-1' },
  Expires: 900,
});
client.destroy();

const form = (fields: Record<string, string> = {}, over: Partial<PostForm> = {}): PostForm => ({
  bucket: 'uploads',
  fields: new Map(Object.entries({ ...presigned.fields, ...fields })),
  fileSize: 10,
  ...over,
});
const check = (f: PostForm, now = new Date()) => checkPostPolicy(f, [LOCAL_CREDENTIALS], now);

describe('a presigned POST as S3 checks it', () => {
  it('takes the form as the SDK signed it, field names in any case, and x-ignore- fields', () => {
    expect(check(form())).toBeUndefined();
    const lower = new Map([...form().fields].map(([k, v]) => [k.toLowerCase(), v]));
    expect(check(form({}, { fields: lower }))).toBeUndefined();
    expect(check(form({ 'x-ignore-note': 'anything' }))).toBeUndefined();
  });

  it('signs as SigV4 does: the signature over the base64 policy with the derived key', () => {
    const [, date, region] = presigned.fields['X-Amz-Credential']!.split('/');
    expect(policySignature(LOCAL_CREDENTIALS.secretAccessKey, date!, region!, presigned.fields.Policy!)).toBe(presigned.fields['X-Amz-Signature']);
  });

  it.each([
    ['a starts-with condition broken', form({ 'x-amz-meta-tag': 'other-1' }), 403, 'AccessDenied', 'Policy Condition failed: ["starts-with", "$x-amz-meta-tag", "cchc-"]'],
    ['the key changed', form({ key: 'incoming/SNV/x' }), 403, 'AccessDenied', 'Policy Condition failed: ["eq", "$key", "incoming/SKHCN/01H3Z6X1T2ABCDEFGHJKMNPQRS"]'],
    ['another bucket', form({}, { bucket: 'reports' }), 403, 'AccessDenied', '["eq", "$bucket", "uploads"]'],
    ['a bigger file', form({}, { fileSize: 11 }), 400, 'EntityTooLarge', 'exceeds the maximum allowed size'],
    ['a smaller file', form({}, { fileSize: 9 }), 400, 'EntityTooSmall', 'smaller than the minimum allowed size'],
    ['a signature in another case is the same hex', form({ 'X-Amz-Signature': presigned.fields['X-Amz-Signature']!.toUpperCase() }), undefined, undefined, undefined],
    ['a signature one digit off', form({ 'X-Amz-Signature': presigned.fields['X-Amz-Signature']!.replace(/.$/, (c) => (c === '0' ? '1' : '0')) }), 403, 'SignatureDoesNotMatch', 'does not match'],
    ['another algorithm', form({ 'X-Amz-Algorithm': 'AWS4-HMAC-SHA1' }), 400, 'InvalidArgument', 'AWS4-HMAC-SHA256'],
    ['a malformed credential', form({ 'X-Amz-Credential': 'S3RVER/20231201' }), 400, 'InvalidArgument', 'mal-formed'],
  ] as const)('%s', (_, f, status, code, message) => {
    const refusal = check(f);
    if (status === undefined) return expect(refusal).toBeUndefined();
    expect(refusal).toEqual({ status, code, message: expect.stringContaining(message!) });
  });

  it('refuses the form once its policy has expired', () => {
    expect(check(form(), new Date(Date.now() + 901_000))).toEqual({ status: 403, code: 'AccessDenied', message: 'Invalid according to Policy: Policy expired.' });
  });
});
