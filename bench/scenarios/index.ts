import type { ScenarioDefinition } from '../lib/types';
import { authRead } from './auth-read';
import { geoSearch } from './geo-search';

/**
 * The scenarios `npm run bench -- <name>` knows. To add one (auth-read, resident-import, quiz-submit,
 * attendance-sync…): create bench/scenarios/<name>.ts exporting a ScenarioDefinition and list it here.
 */
export const SCENARIOS: readonly ScenarioDefinition[] = [geoSearch, authRead];

export function findScenario(name: string): ScenarioDefinition | undefined {
  return SCENARIOS.find((s) => s.name === name);
}
