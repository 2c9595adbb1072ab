import { Module } from '@nestjs/common';

/**
 * Reporting: the certification rate of every unit against its target (docs/reporting.md): official
 * adult populations and targets entered by province officers, coverage aggregates kept up to date from
 * the other capabilities' outbox events, and the figures, drill-downs, rankings and exports read from
 * them — never from a scan of residents or certificates.
 */
@Module({})
export class ReportingModule {}
