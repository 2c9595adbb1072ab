import type { CertificateIssuer, Reconciliation, RevocationNotifier } from '@hvs/certificates';
import { type Env, JobName } from '@hvs/platform';
import type { Job } from 'bullmq';
import { register } from 'prom-client';
import { backoffMs, CertificateIssueProcessor, RETRY_CAP_MS } from './certificate-issue.processor';

describe('certificate retries: exponential backoff with full jitter', () => {
  it('waits between 0 and base × 2^(attempt-1), capped', () => {
    expect(backoffMs(1, () => 1)).toBe(1000);
    expect(backoffMs(3, () => 1)).toBe(4000);
    expect(backoffMs(3, () => 0)).toBe(0);
    expect(backoffMs(3, () => 0.5)).toBe(2000);
    expect(backoffMs(40, () => 1)).toBe(RETRY_CAP_MS);
  });
});

describe('certificate jobs are counted by job and outcome', () => {
  const issuer = { issue: jest.fn() };
  const processor = new CertificateIssueProcessor({ CERTIFICATE_MAX_ATTEMPTS: 3 } as Env, issuer as unknown as CertificateIssuer, {} as RevocationNotifier, {} as Reconciliation);
  const job = (name: string) => ({ name, data: { certificateId: 'c1', submission: 1 } }) as unknown as Job;
  const count = async (labels: string) => {
    const text = await register.getSingleMetricAsString('hvs_certificate_jobs_total');
    return Number(new RegExp(`hvs_certificate_jobs_total\\{${labels}\\} (\\d+)`).exec(text)?.[1] ?? 0);
  };

  it('counts each outcome the issuer returns, and a job that throws', async () => {
    const before = await count('job="issue",outcome="recognised"');
    issuer.issue.mockResolvedValueOnce({ outcome: 'recognised', reference: 'R1' });
    await processor.process(job(JobName.IssueCertificate));
    expect(await count('job="issue",outcome="recognised"')).toBe(before + 1);

    const errors = await count('job="unknown",outcome="error"');
    await expect(processor.process(job('nope'))).rejects.toThrow(/unknown job/);
    expect(await count('job="unknown",outcome="error"')).toBe(errors + 1);
  });
});
