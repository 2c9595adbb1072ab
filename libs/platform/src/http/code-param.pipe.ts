import { HttpStatus, Injectable, type PipeTransform } from '@nestjs/common';
import { AppError } from './app-error';

/** Validates a path parameter against a format; a malformed value is a 400 with its own code. */
@Injectable()
export class CodeParamPipe implements PipeTransform<unknown, string> {
  constructor(
    private readonly format: RegExp,
    private readonly code: string,
    private readonly message: string,
  ) {}

  transform(value: unknown): string {
    if (typeof value !== 'string' || !this.format.test(value)) {
      throw new AppError(HttpStatus.BAD_REQUEST, this.code, this.message, { value: String(value).slice(0, 64) });
    }
    return value;
  }
}

export const UUID_FORMAT = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
