import type { Provider, Type } from '@nestjs/common';

/** The controllers and providers of attendance/ (marks, offline sync, history, completion input), registered by ClassesModule. */
export const ATTENDANCE_CONTROLLERS: Type<unknown>[] = [];
export const ATTENDANCE_PROVIDERS: Provider[] = [];
