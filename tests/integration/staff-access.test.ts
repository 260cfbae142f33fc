// Every staff route of functions/api-routes.ts, through the local HTTP API with the fixed tokens of
// CONTRACT §5: a staff member of another agency, and every role the route is not for, get 403 and
// change nothing. The route table is the one the CDK stack and staffApi read, so a new route is
// walked here without being named.
import { readFileSync } from 'node:fs';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Role } from '#domain/access.ts';
import { API_ROUTES, type StaffRoute } from '#functions/api-routes.ts';
import { freshBucket } from '../setup/services.ts';
import { startTestApi, type TestApi } from '../support/local-api.ts';

const ADMIN_TOKEN = 'access-admin-token';
const TOKEN_OF: Record<Role, string> = { admin: ADMIN_TOKEN, staff: 'local-staff-token', leader: 'local-leader-token', clerk: 'local-clerk-token', province: 'local-province-token' };
const PARAMS: Record<string, string> = { periodId: '2023-H1', sectionKey: 'direction', uploadId: '01H3Z6X1T2ABCDEFGHJKMNPQRS', version: '1' };
const STAFF_ROUTES = API_ROUTES.filter((r): r is StaffRoute => r.staff);
/**
 * Routes with no agency in the path whose staff and leaders must belong to the province's agency
 * (level province, CONTRACT §8): SKHCN's are "of another agency" there, refused by the use case;
 * UBND tỉnh's staff (a Sở Nội vụ officer) stand for the staff role's own agency.
 */
const PROVINCE_AGENCY_ROUTES = new Set(['GET /v1/periods/{periodId}/excerpts']);
const PROVINCE_STAFF_TOKEN = 'local-province-staff-token';

let local: TestApi;
let api: TestApi['api'];

beforeAll(async () => {
  const [reports, uploads] = [await freshBucket('access-reports'), await freshBucket('access-uploads')];
  local = await startTestApi('access', { staffToken: ADMIN_TOKEN, secret: 'access-secret', env: { REPORTS_BUCKET: reports, UPLOADS_BUCKET: uploads } });
  api = local.api;
});

afterAll(() => local?.stop());

const items = async () => (await local.dynamo.send(new ScanCommand({ TableName: local.tableName, Select: 'COUNT' }))).Count ?? 0;

function call(route: StaffRoute, agencyId: string, role: Role): Promise<Response> {
  const path = route.path.replace(/\{(\w+)\}/g, (_, name: string) => (name === 'agencyId' ? agencyId : PARAMS[name]!));
  return fetch(`${api.url}${path}`, {
    method: route.method,
    headers: { authorization: `Bearer ${TOKEN_OF[role]}`, 'content-type': 'application/json' },
    ...(route.method === 'GET' ? {} : { body: '{}' }),
  });
}

async function expectForbidden(response: Response, path: string) {
  expect(response.status).toBe(403);
  expect(await response.json()).toMatchObject({ error: { code: 'forbidden', details: [{ path }] } });
}

describe.each(STAFF_ROUTES.map((r) => [`${r.method} ${r.path}`, r] as const))('%s', (_, route) => {
  const provinceAgency = PROVINCE_AGENCY_ROUTES.has(`${route.method} ${route.path}`);
  it('refuses staff, leaders and clerks of another agency', async () => {
    const before = await items();
    for (const role of ['staff', 'leader', 'clerk'] as const) await expectForbidden(await call(route, 'SNV', role), route.roles.includes(role as never) && !provinceAgency ? 'path.agencyId' : '(route)');
    expect(await items()).toBe(before);
  });

  const refused = ROLES.filter((role) => !(route.roles as readonly Role[]).includes(role));
  if (refused.length > 0) {
    it(`refuses the roles it is not for (${refused.join(', ')})`, async () => {
      const before = await items();
      for (const role of refused) await expectForbidden(await call(route, 'SKHCN', role), '(route)');
      expect(await items()).toBe(before);
    });
  }

  it('lets every role it is for past the check, for their own agency', async () => {
    for (const role of route.roles) {
      if (provinceAgency && (role === 'staff' || role === 'leader')) continue;
      expect((await call(route, 'SKHCN', role)).status).not.toBe(403);
    }
    if (provinceAgency) {
      await fetch(`${api.url}/v1/agencies/UBNDT`, { method: 'PUT', headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' }, body: readFileSync(new URL('../../events/samples/ubndt-profile.json', import.meta.url)) });
      const path = route.path.replace(/\{(\w+)\}/g, (_, name: string) => PARAMS[name]!);
      expect((await fetch(`${api.url}${path}`, { method: route.method, headers: { authorization: `Bearer ${PROVINCE_STAFF_TOKEN}` } })).status).not.toBe(403);
    }
  });
});

describe('the token', () => {
  it('is required on every staff route: none or an unknown one is a 401', async () => {
    for (const route of STAFF_ROUTES) {
      const path = route.path.replace(/\{(\w+)\}/g, (_, name: string) => (name === 'agencyId' ? 'SKHCN' : PARAMS[name]!));
      for (const headers of [{}, { authorization: 'Bearer nobody' }] as Array<Record<string, string>>) {
        expect((await fetch(`${api.url}${path}`, { method: route.method, headers })).status).toBe(401);
      }
    }
  });
});
