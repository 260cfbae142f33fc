// An upload's id, apart from the rest of the attachments' rules so that the profile (which names
// its signature and seal images by upload id) can use it without importing them.
import * as z from 'zod';

/** A ULID: 10 characters of milliseconds then 16 of randomness, so ids sort by creation. */
export const UPLOAD_ID = /^[0-9A-HJKMNP-TV-Z]{26}$/;
export const uploadId = z.string().regex(UPLOAD_ID, 'must be an upload id (26 characters, ULID)');
