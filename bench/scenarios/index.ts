import type { JobScenarioDefinition } from '../lib/job';
import type { ScenarioDefinition } from '../lib/types';
import { attendanceSync } from './attendance-sync';
import { authRead } from './auth-read';
import { certificateIssue } from './certificate-issue';
import { coverageLive } from './coverage-live';
import { coverageRead } from './coverage-read';
import { geoSearch } from './geo-search';
import { quizSubmit } from './quiz-submit';
import { residentImport } from './resident-import';

/**
 * The scenarios `npm run bench -- <name>` knows. To add one (auth-read, resident-import, quiz-submit,
 * attendance-sync…): create bench/scenarios/<name>.ts exporting a ScenarioDefinition and list it here.
 */
export const SCENARIOS: readonly ScenarioDefinition[] = [geoSearch, authRead, quizSubmit, attendanceSync, coverageRead];

export function findScenario(name: string): ScenarioDefinition | undefined {
  return SCENARIOS.find((s) => s.name === name);
}

/** Scenarios that measure one piece of work end to end (bench/lib/job.ts), e.g. a file import. */
export const JOB_SCENARIOS: readonly JobScenarioDefinition[] = [residentImport, certificateIssue, coverageLive];

export function findJobScenario(name: string): JobScenarioDefinition | undefined {
  return JOB_SCENARIOS.find((s) => s.name === name);
}
