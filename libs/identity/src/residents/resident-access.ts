import { CodeParamPipe, UUID_FORMAT } from '@hvs/platform';
import { CONSENT_PURPOSES } from './consent.entity';

/** Staff who register and look after residents (what they reach is their scope). */
export const RESIDENT_WORKERS = ['administrator', 'province_officer', 'area_officer', 'commune_officer', 'instructor'];
/** Staff who may export or erase a resident's data on the person's behalf. */
export const RESIDENT_DATA_OFFICERS = ['administrator', 'province_officer', 'area_officer', 'commune_officer'];

export const ResidentIdPipe = new CodeParamPipe(UUID_FORMAT, 'INVALID_RESIDENT_ID', 'Mã người dân phải là một UUID.');
export const PurposePipe = new CodeParamPipe(
  new RegExp(`^(${CONSENT_PURPOSES.join('|')})$`),
  'INVALID_CONSENT_PURPOSE',
  `Mục đích phải là một trong: ${CONSENT_PURPOSES.join(', ')}.`,
);
