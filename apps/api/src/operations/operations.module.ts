import { Module } from '@nestjs/common';
import { IdentityModule } from '@hvs/identity';
import { AdministratorGate } from './administrator-gate';
import { ApiMetricsController } from './api-metrics.controller';
import { QueueDashboard } from './queue-dashboard';
import { QueueDashboardLoginController } from './queue-dashboard-login.controller';

/**
 * Operations on the api: GET /metrics (Prometheus; the metrics themselves are platform's MetricsModule)
 * and the queue dashboard (Bull Board at /admin/queues) behind an administrator login.
 */
@Module({
  imports: [IdentityModule],
  controllers: [ApiMetricsController, QueueDashboardLoginController],
  providers: [AdministratorGate, QueueDashboard],
})
export class OperationsModule {}
