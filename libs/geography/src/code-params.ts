import { CodeParamPipe, UUID_FORMAT } from '@hvs/platform';
import { COMMUNE_CODE, PROVINCE_CODE, VILLAGE_CODE } from './dto/unit.dto';
import { GeoFormatMessages as M } from './geo-errors';

/** Pipes for the geography path parameters: a malformed code is a 400 with a code naming it. */
export const ProvinceCodePipe = new CodeParamPipe(PROVINCE_CODE, ...M.province);
export const CommuneCodePipe = new CodeParamPipe(COMMUNE_CODE, ...M.commune);
export const VillageCodePipe = new CodeParamPipe(VILLAGE_CODE, ...M.village);
export const UnitCodePipe = new CodeParamPipe(/^([0-9]{2}|[0-9]{5}|[0-9]{5}-[0-9]{4})$/, ...M.unit);
export const AreaIdPipe = new CodeParamPipe(UUID_FORMAT, ...M.area);
