import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiResponse } from '@nestjs/swagger';

class ErrorDetail {
  @ApiProperty({ example: 'COMMUNE_NOT_FOUND', description: 'Stable machine-readable code' })
  code!: string;
  @ApiProperty({ example: 'Không tìm thấy xã/phường có mã 99999.', description: 'Vietnamese message for people' })
  message!: string;
  @ApiPropertyOptional({ description: 'Extra information, e.g. the fields that failed validation' })
  details?: unknown;
  @ApiProperty({ example: '2d1f0a43-6a55-4a56-9d4c-64c5b0ab62f5' })
  requestId!: string;
}

export class ErrorResponse {
  @ApiProperty({ type: ErrorDetail })
  error!: ErrorDetail;
}

/** Documents the error responses an endpoint can give, all with the one error body. */
export function ApiErrors(...statuses: number[]) {
  const text: Record<number, string> = {
    400: 'Invalid input (VALIDATION_FAILED or a specific code)',
    401: 'Not signed in (UNAUTHORIZED) or the token is not valid (INVALID_TOKEN)',
    403: 'Not allowed for your role (FORBIDDEN), or the unit named lies outside your scope (OUTSIDE_SCOPE)',
    404: 'Unknown resource',
    409: 'Conflicts with existing data',
    422: 'Well-formed but refers to something invalid',
  };
  return applyDecorators(
    ...statuses.map((status) => ApiResponse({ status, description: text[status] ?? 'Error', type: ErrorResponse })),
  );
}
