import { Module } from '@nestjs/common';
import { GeographyModule } from '@hvs/geography';
import { AccountRepository, IdentityModule, ResidentsService, SearchResidentsQuery } from '@hvs/identity';
import { AccessScope, ConfigModule, DatabaseModule } from '@hvs/platform';
import { createTestAppWithDemoData, type MockServer, startMock, type TestApp } from '@hvs/testing';
import { KNOWN_CITIZENS } from '../src/citizens/known-citizens';

@Module({ imports: [ConfigModule, DatabaseModule, GeographyModule, IdentityModule] })
class PlatformDemoModule {}

/**
 * The mock must know the platform's demo residents exactly as the demo data registers them, or the demo
 * certificate would be rejected. This reads them back from a database seeded by the platform's own
 * demo seeding (not from a copy), and checks them against the mock over HTTP.
 */
describe("vneid-mock: the platform's demo residents", () => {
  let platform: TestApp;
  let mock: MockServer;
  beforeAll(async () => {
    platform = await createTestAppWithDemoData(PlatformDemoModule, { apiPrefix: false });
    // every other seed than the default, so that only the list of known citizens can make them match
    mock = await startMock({ VNEID_SEED: 'unrelated-seed', VNEID_NOT_FOUND_RATE: '1', VNEID_MISMATCH_RATE: '0' });
  });
  afterAll(async () => {
    await mock?.close();
    await platform?.close();
  });

  it('are all known to the partner and match, and the partner knows no demo resident the platform lacks', async () => {
    const officer = await platform.app.get(AccountRepository).findForLogin('xa.baichay');
    const caller = { account: { id: officer!.id, role: 'commune_officer' }, scope: AccessScope.all() };
    const residents = platform.app.get(ResidentsService);
    const page = await residents.search(Object.assign(new SearchResidentsQuery(), { limit: 500 }), caller);
    const withCccd = [];
    for (const item of page.items) {
      const r = await residents.get(item.id, caller, { audit: false });
      if (r.cccd) withCccd.push({ cccd: r.cccd, fullName: r.fullName, birthDate: r.birthDate });
    }
    expect(withCccd.length).toBeGreaterThan(0);
    expect(page.items.length).toBeGreaterThan(withCccd.length); // the one without a CCCD cannot be checked
    expect([...withCccd].sort((a, b) => a.cccd.localeCompare(b.cccd))).toEqual([...KNOWN_CITIZENS].sort((a, b) => a.cccd.localeCompare(b.cccd)));
    for (const person of withCccd) {
      expect((await mock.partner('POST', '/v1/citizens/verify', { body: person })).body).toEqual({ result: 'match' });
    }
  });
});
