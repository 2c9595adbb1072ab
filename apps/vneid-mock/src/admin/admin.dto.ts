import { IsBoolean, IsInt, IsNumber, IsOptional, Matches, Max, Min } from 'class-validator';
import type { FaultSettings } from '../faults/fault-injector';

/** PUT /admin/faults: any of the settings; the others stay as they are. */
export class FaultsPatch implements Partial<FaultSettings> {
  @IsOptional() @IsInt() @Min(0) @Max(60_000) latencyMs?: number;
  @IsOptional() @IsInt() @Min(0) @Max(60_000) latencyJitterMs?: number;
  @IsOptional() @IsNumber() @Min(0) @Max(1) errorRate?: number;
  @IsOptional() @IsNumber() @Min(0) @Max(1) hangRate?: number;
  @IsOptional() @IsNumber() @Min(0) @Max(1) faultAfterShare?: number;
  @IsOptional() @IsInt() @Min(0) @Max(100_000) rateLimitRps?: number;
  @IsOptional() @IsBoolean() outage?: boolean;
  @IsOptional() @IsInt() @Min(0) @Max(60_000) processingMs?: number;
  @IsOptional() @Matches(/^[A-Za-z0-9_-]{1,64}$/) seed?: string;
}
