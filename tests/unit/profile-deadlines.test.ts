// An agency's report falls due before the province's, the 20th of the period's last month (CONTRACT
// §8): a profile whose deadline comes later is refused, naming the kind; the province's own days are free.
import { describe, expect, it } from 'vitest';
import { Invalid } from '#domain/errors.ts';
import { putProfile } from '#functions/profile/profile.ts';
import { memoryReportStore } from '../support/fakes.ts';
import { sampleProfile } from '../support/report-world.ts';

const ports = () => ({ profiles: memoryReportStore().store, now: () => new Date('2023-06-01T00:00:00Z') });

describe('PUT /v1/agencies/{agencyId}: deadlines', () => {
  it('takes an agency due at most 5 days after the period, the 19th', async () => {
    const profile = sampleProfile({ deadlines: { H: 5, Q: -9 } });
    await expect(putProfile(ports(), profile.agencyId, profile)).resolves.toEqual(profile);
  });

  it("refuses an agency due on or after the province's 20th, naming each late kind, and stores nothing", async () => {
    const p = ports();
    const profile = sampleProfile({ deadlines: { H: 6, Q: 30, FY: 0 } });
    const error = await putProfile(p, profile.agencyId, profile).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Invalid);
    expect((error as Invalid).details.map((d) => d.path).sort()).toEqual(['deadlines.H', 'deadlines.Q']);
    expect(await p.profiles.getProfile(profile.agencyId)).toBeUndefined();
  });

  it("leaves the province's own days alone: its deadline is Bộ Nội vụ's whatever they say", async () => {
    const province = sampleProfile({ agencyId: 'UBNDT', level: 'province', deadlines: { H: 30 } });
    await expect(putProfile(ports(), 'UBNDT', province)).resolves.toEqual(province);
  });
});
