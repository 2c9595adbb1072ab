import type { Provider, Type } from '@nestjs/common';

/** The controllers and providers of classes/ (classes, staff, enrolments, sessions, rosters, exports), registered by ClassesModule. */
export const CLASSES_CONTROLLERS: Type<unknown>[] = [];
export const CLASSES_PROVIDERS: Provider[] = [];
