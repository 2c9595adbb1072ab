import { IsISO8601, Matches } from 'class-validator';
import { DATE_FORMAT, TIME_FORMAT } from './class-rules';

/** The shared field rules of the request DTOs of classes/ (classes, enrolments, sessions). */

/** Transform: one line of text (NFC, runs of white space as one space, trimmed). */
export const oneLine = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.normalize('NFC').replace(/\s+/g, ' ').trim() : value);
/** Transform: free text (NFC, trimmed). */
export const text = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.normalize('NFC').trim() : value);

export const MAX_INSTRUCTORS = 20;
export const MAX_VOLUNTEERS = 50;
export const MAX_ENROLMENT_ITEMS = 200;
export const MAX_SESSION_LESSONS = 50;

/** A date YYYY-MM-DD that exists in the calendar. */
export function IsDay(): PropertyDecorator {
  return (target, key) => {
    IsISO8601({ strict: true }, { message: 'phải là một ngày có thật trong lịch (YYYY-MM-DD)' })(target, key);
    Matches(DATE_FORMAT, { message: 'phải là ngày theo định dạng YYYY-MM-DD' })(target, key);
  };
}

/** TIME_FORMAT as the OpenAPI document writes it. */
export const TIME_OF_DAY_PATTERN = TIME_FORMAT.source;

export function IsTimeOfDay(): PropertyDecorator {
  return (target, key) => Matches(TIME_FORMAT, { message: 'phải là giờ theo định dạng HH:MM' })(target, key);
}
