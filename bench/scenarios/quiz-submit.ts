/**
 * quiz-submit (issue #4): many residents submitting the 20-question final assessment of the core course
 * "Kỹ năng số cơ bản" at once.
 *
 *   POST /api/v1/learning/attempts/{attemptId}/submit   Authorization: Bearer <the resident's token>
 *   { "answers": [{ "questionId": "…", "choices": ["b"] }, … 20 ] }
 *
 * Each request submits a different resident's open attempt: the api locks the attempt, checks the
 * answers, scores them on the server, stores the result, updates the resident's standing in the course
 * and, on a pass, writes the `learning.final_passed` outbox row (a passed final also runs the course's
 * completion rule under its lock). Compared with `pg-quiz-submit-direct` (issue #15, target ratio
 * >= 0.5): the database work a submission needs, through pg in the benchmark process, no HTTP: read the
 * attempt, then one statement writing the scored attempt, the standing and the outbox row, on open
 * attempts of its own. The bare hello-world is measured beside it for orientation.
 *
 * Inputs: residents with accounts seeded straight into the database (bench/lib/residents.ts) and one
 * open final attempt each, drawn with the api's own `drawAttempt` (as POST /learning/quizzes/{id}/attempts
 * does) and written straight into the database, so the load is nothing but submissions. Their access
 * tokens are signed with the run's JWT secret, exactly as the api signs them. Answers are right with
 * probability 0.75 per question (about 80 % of the attempts pass).
 *
 * Verification: every stored attempt is re-scored by the benchmark from the bank's answer key
 * (learning_questions.correct_keys) and the answers the benchmark sent; the outbox holds exactly one row
 * per passed attempt; the residents' standing counts one final attempt each; a repeated submission
 * returns the same result and writes nothing.
 */
import { JwtService } from '@nestjs/jwt';
import { Client } from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { parsePersonalDataKeys, PersonalDataCipher, ResidentPersonalDataCodec } from '@hvs/identity';
import { drawAttempt, type DrawableQuestion } from '@hvs/learning';
import { Checks } from '../lib/checks';
import { http } from '../lib/http';
import type { HttpRequestSpec } from '../lib/load';
import { log } from '../lib/processes';
import { seedResidents } from '../lib/residents';
import type { BenchSettings } from '../lib/settings';
import { runKeys } from '../lib/system';
import type { ScenarioContext, ScenarioDefinition, Verification } from '../lib/types';

const COMMUNE_CODE = '06673';
const COURSE_CODE = 'KNS-CB';
/** Submissions the api could at most serve per second here: its pool of open attempts is sized from it. */
const MAX_RATE_PER_S = 3000;
/** The same for the baseline (pg-quiz-submit-direct), which has its own open attempts. */
const MAX_BASELINE_RATE_PER_S = 4000;
const MIN_ATTEMPTS = 20_000;
const MAX_ATTEMPTS = 200_000;
const P_RIGHT = 0.75;
const INSERT_BATCH = 1000;
const ACCESS_TOKEN_TTL_S = 900;

interface BankQuestion extends DrawableQuestion {
  correctKeys: string[];
}

interface PreparedAttempt {
  id: string;
  residentId: string;
  token: string;
  answers: Array<{ questionId: string; choices: string[] }>;
}

interface SubmitResult {
  attemptId?: string;
  scorePercent?: number;
  correctCount?: number;
  questionCount?: number;
  passed?: boolean;
}

const submitPath = (attemptId: string) => `/api/v1/learning/attempts/${attemptId}/submit`;

/** The open attempts one server may consume at `ratePerS`: its warm-up, every measured run and the open-loop run (at half the rate, counted in full). */
function attemptsNeeded(settings: BenchSettings, ratePerS: number): number {
  const seconds = settings.warmupS + settings.rounds * settings.durationS + settings.durationS;
  return Math.min(MAX_ATTEMPTS, Math.max(MIN_ATTEMPTS, seconds * ratePerS));
}

/** The benchmark's own scoring: a question is right when the chosen set is exactly the answer key. */
function score(answers: Record<string, string[]>, questionIds: string[], bank: Map<string, BankQuestion>, passPercent: number) {
  let correct = 0;
  for (const id of questionIds) {
    const key = [...(bank.get(id)?.correctKeys ?? [])].sort().join();
    const chosen = [...(answers[id] ?? [])].sort().join();
    if (chosen === key) correct++;
  }
  const scorePercent = Math.round((10_000 * correct) / questionIds.length) / 100;
  return { correct, scorePercent, passed: scorePercent >= passPercent };
}

/** Right with probability P_RIGHT; otherwise a wrong choice of the question's kind. */
function chooseAnswer(q: BankQuestion, shownOptions: string[], rng: () => number): string[] {
  if (rng() < P_RIGHT) return [...q.correctKeys];
  const wrong = shownOptions.filter((k) => !q.correctKeys.includes(k));
  if (q.type === 'multiple') {
    // a partly right answer is wrong: the key without one of its options, or with a wrong one added
    return rng() < 0.5 && q.correctKeys.length > 1 ? q.correctKeys.slice(1) : [...q.correctKeys, wrong[0]];
  }
  return [wrong[Math.floor(rng() * wrong.length)]];
}


export const quizSubmit: ScenarioDefinition = {
  name: 'quiz-submit',
  title: 'Final assessments submitted by many residents at once (20 questions each)',
  measures:
    'POST /api/v1/learning/attempts/{id}/submit with 20 answers and a resident bearer token, each request a different ' +
    "resident's open final attempt of the core course: access guard, validation, attempt locked, answers checked and scored " +
    'on the server, result stored, course standing updated, outbox row on a pass, one transaction; request logging ON',
  services: ['api'],
  baseline: 'pg-quiz-submit-direct',
  extraBaselines: ['http-hello-world'],
  connections: 50,
  targets: { minRatio: 0.5, maxTailP95OverP50: 3, maxErrors: 0 },
  prepareBudgetS: 480,

  checkSettings(settings) {
    const seconds = 2 * (settings.warmupS + settings.rounds * (settings.durationS + 3)) + 120;
    return seconds > ACCESS_TOKEN_TTL_S - 60 ? 'the run would outlive the access tokens: lower BENCH_ROUNDS or BENCH_DURATION' : null;
  },

  async prepare(ctx: ScenarioContext) {
    const api = ctx.system.services.api;
    if (!api) throw new Error('quiz-submit needs the api');
    const { rng } = ctx;
    const forApi = attemptsNeeded(ctx.settings, MAX_RATE_PER_S);
    const wanted = forApi + attemptsNeeded(ctx.settings, MAX_BASELINE_RATE_PER_S);
    const keys = { ...runKeys, ...ctx.system.appEnvOverrides };
    const codec = new ResidentPersonalDataCodec(
      new PersonalDataCipher(parsePersonalDataKeys(keys.PII_ENCRYPTION_KEYS, keys.PII_ENCRYPTION_KEY_ID, keys.PII_INDEX_KEY)),
    );
    const jwt = new JwtService({ secret: keys.JWT_SECRET });

    const client = new Client({ connectionString: ctx.settings.databaseUrl, connectionTimeoutMillis: 5000 });
    await client.connect();
    const attempts: PreparedAttempt[] = [];
    let quiz: { id: string; version_id: string; question_count: number; per_competency: Record<string, number> | null; time_limit_s: number | null; pass_percent: number };
    const bank = new Map<string, BankQuestion>();
    let seededMs = 0;
    try {
      const quizzes = await client.query(
        `SELECT q.id, q.version_id, q.question_count, q.per_competency, q.time_limit_s, q.pass_percent
           FROM learning_quizzes q JOIN learning_course_versions v ON v.id = q.version_id JOIN learning_courses c ON c.id = v.course_id
          WHERE c.code = $1 AND v.status = 'published' AND q.kind = 'final'`,
        [COURSE_CODE],
      );
      if (quizzes.rows.length !== 1) throw new Error(`quiz-submit: the published ${COURSE_CODE} course has no final quiz (reference data missing?)`);
      quiz = quizzes.rows[0];
      const questions = await client.query<{ id: string; key: string; competency_code: string; type: BankQuestion['type']; options: Array<{ key: string }>; correct_keys: string[] }>(
        `SELECT id, key, competency_code, type, options, correct_keys FROM learning_questions WHERE version_id = $1`,
        [quiz.version_id],
      );
      for (const q of questions.rows) {
        bank.set(q.id, { id: q.id, key: q.key, competencyCode: q.competency_code, type: q.type, options: q.options, correctKeys: q.correct_keys });
      }

      log(`quiz-submit: seeding ${wanted} residents with accounts in commune ${COMMUNE_CODE}…`);
      const seeded = await seedResidents(client, codec, rng, { communeCode: COMMUNE_CODE, target: wanted + 10, withAccounts: true });
      seededMs = seeded.ms;
      const learners = await client.query<{ id: string; path: string; account_id: string }>(
        `SELECT r.id, r.path::text AS path, r.account_id FROM identity_residents r
          WHERE r.commune_code = $1 AND r.status = 'active' AND r.account_id IS NOT NULL
            AND NOT EXISTS (SELECT 1 FROM learning_attempts a WHERE a.resident_id = r.id)
          ORDER BY r.id LIMIT $2`,
        [COMMUNE_CODE, wanted],
      );
      if (learners.rows.length < wanted) throw new Error(`quiz-submit: ${learners.rows.length} residents with accounts, ${wanted} needed`);

      // one open final attempt each, drawn as the api draws it
      const pool = [...bank.values()];
      const started = Date.now();
      for (let start = 0; start < learners.rows.length; start += INSERT_BATCH) {
        const batch = learners.rows.slice(start, start + INSERT_BATCH);
        const rows = batch.map((r) => {
          const seed = Math.floor(rng() * 2 ** 31);
          const drawn = drawAttempt(pool, { questionCount: quiz.question_count, perCompetency: quiz.per_competency }, seed);
          const attempt: PreparedAttempt = {
            id: uuidv7(),
            residentId: r.id,
            token: jwt.sign(
              { sub: r.account_id, role: 'resident', epoch: 0 },
              { algorithm: 'HS256', issuer: 'hocvuso', audience: 'hocvuso-api', expiresIn: ACCESS_TOKEN_TTL_S },
            ),
            answers: drawn.map((d) => ({ questionId: d.id, choices: chooseAnswer(bank.get(d.id) as BankQuestion, d.options, rng) })),
          };
          attempts.push(attempt);
          return { attempt, r, seed, drawn };
        });
        await client.query(
          `INSERT INTO learning_attempts (id, quiz_id, version_id, resident_id, path, number, seed, questions, status, started_at, deadline_at, question_count)
           SELECT a.id, $1, $2, a.resident_id, a.path::ltree, 1, a.seed, a.questions, 'in_progress', now(), now() + make_interval(secs => $3), $4
             FROM unnest($5::uuid[], $6::uuid[], $7::text[], $8::int[], $9::jsonb[]) AS a(id, resident_id, path, seed, questions)`,
          [
            quiz.id,
            quiz.version_id,
            quiz.time_limit_s ?? 3600,
            quiz.question_count,
            rows.map((x) => x.attempt.id),
            rows.map((x) => x.r.id),
            rows.map((x) => x.r.path),
            rows.map((x) => x.seed),
            rows.map((x) => JSON.stringify(x.drawn)),
          ],
        );
      }
      await client.query('VACUUM ANALYZE learning_attempts');
      log(`quiz-submit: ${attempts.length} open attempts written in ${((Date.now() - started) / 1000).toFixed(1)}s`);
    } finally {
      await client.end();
    }

    // each request takes the next open attempt: no attempt is submitted twice by the load; the
    // baseline has attempts of its own (the last ones), as it closes them too
    const apiAttempts = attempts.slice(0, forApi);
    const baselineAttempts = attempts.slice(forApi);
    const submission = (a: PreparedAttempt): HttpRequestSpec => ({
      method: 'POST',
      path: submitPath(a.id),
      headers: { authorization: `Bearer ${a.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ answers: a.answers }),
    });
    let next = 0;
    let exhausted = 0;
    const nextRequest = (): HttpRequestSpec => {
      if (next >= apiAttempts.length) exhausted++;
      return submission(apiAttempts[next++ % apiAttempts.length]);
    };
    let nextForBaseline = 0;
    const nextBaselineRequest = (): HttpRequestSpec => submission(baselineAttempts[nextForBaseline++ % baselineAttempts.length]);

    return {
      load: {
        baseUrl: api.baseUrl,
        description: `POST /api/v1/learning/attempts/{id}/submit with 20 answers, a different resident's open final attempt per request (pool of ${apiAttempts.length})`,
        next: nextRequest,
      },
      baselineRequests: {
        'pg-quiz-submit-direct': {
          description: `the database work of a submission of 20 answers, a different open final attempt each time (pool of ${baselineAttempts.length}, not the api's)`,
          next: nextBaselineRequest,
        },
      },
      inputs: {
        course: COURSE_CODE,
        final_quiz: quiz.id,
        question_bank: bank.size,
        questions_per_attempt: quiz.question_count,
        pass_percent: quiz.pass_percent,
        residents_with_open_attempts: apiAttempts.length,
        baseline_open_attempts: baselineAttempts.length,
        p_right_per_question: P_RIGHT,
        seed_residents_s: Math.round(seededMs / 100) / 10,
      },
      verify: () => verify(api.baseUrl, ctx.settings.databaseUrl, apiAttempts, next, exhausted, bank, quiz.pass_percent),
    };
  },
};

async function verify(
  baseUrl: string,
  databaseUrl: string,
  attempts: PreparedAttempt[],
  sent: number,
  exhausted: number,
  bank: Map<string, BankQuestion>,
  passPercent: number,
): Promise<Verification> {
  const checks = new Checks();
  const byId = new Map(attempts.map((a) => [a.id, a]));
  const client = new Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    // the load generator stops at the end of its run, but the api finishes the requests it holds: wait
    // until the submitted count stops moving before looking
    const sentIds = attempts.slice(0, Math.min(sent, attempts.length)).map((a) => a.id);
    let last = -1;
    for (let i = 0; i < 60; i++) {
      const c = await client.query<{ n: string }>(`SELECT count(*) AS n FROM learning_attempts WHERE id = ANY($1::uuid[]) AND status = 'submitted'`, [sentIds]);
      const n = Number(c.rows[0].n);
      if (n === last) break;
      last = n;
      await new Promise((r) => setTimeout(r, 500));
    }
    checks.note({ check: 'open attempts left for every request of the load', sent, pool: attempts.length }, exhausted > 0 ? `${exhausted} requests re-sent an attempt: the pool was too small` : null);
    const { rows } = await client.query<{
      id: string;
      resident_id: string;
      questions: Array<{ id: string }>;
      answers: Record<string, string[]>;
      status: string;
      correct_count: number | null;
      score_percent: string | null;
      passed: boolean | null;
      number: number;
    }>(
      `SELECT id, resident_id, questions, answers, status, correct_count, score_percent, passed, number
         FROM learning_attempts WHERE id = ANY($1::uuid[])`,
      [sentIds],
    );
    let submitted = 0;
    let passes = 0;
    for (const row of rows) {
      if (row.status !== 'submitted') continue; // the last requests of a run may have been cut by the generator
      submitted++;
      const prepared = byId.get(row.id) as PreparedAttempt;
      const questionIds = row.questions.map((q) => q.id);
      const sentAnswers = Object.fromEntries(prepared.answers.map((a) => [a.questionId, a.choices]));
      const expected = score(sentAnswers, questionIds, bank, passPercent);
      let problem: string | null = null;
      if (questionIds.length !== 20) problem = `${questionIds.length} questions`;
      else if (JSON.stringify(Object.keys(row.answers).sort()) !== JSON.stringify(Object.keys(sentAnswers).sort())) problem = 'stored answers are not the ones sent';
      else if (row.correct_count !== expected.correct) problem = `correct_count ${row.correct_count}, recomputed ${expected.correct}`;
      else if (Number(row.score_percent) !== expected.scorePercent) problem = `score ${row.score_percent}, recomputed ${expected.scorePercent}`;
      else if (row.passed !== expected.passed) problem = `passed ${row.passed}, recomputed ${expected.passed}`;
      if (row.passed) passes++;
      checks.note({ attempt: row.id, score: row.score_percent, passed: row.passed }, problem);
    }
    checks.note({ check: 'some attempts were submitted', submitted }, submitted > 0 ? null : 'no attempt was submitted');
    const doubled = await client.query<{ n: string }>(
      `SELECT count(*) AS n FROM learning_attempts WHERE resident_id = ANY($1::uuid[]) AND number > 1`,
      [attempts.map((a) => a.residentId)],
    );
    checks.note({ check: 'one attempt per resident (nothing doubled)' }, Number(doubled.rows[0].n) === 0 ? null : `${doubled.rows[0].n} second attempts`);
    const outbox = await client.query<{ n: string }>(
      `SELECT count(*) AS n FROM outbox_events o JOIN learning_attempts a ON a.id = (o.payload->>'attemptId')::uuid
        WHERE o.topic = 'learning.final_passed' AND a.id = ANY($1::uuid[]) AND a.passed`,
      [attempts.map((a) => a.id)],
    );
    checks.note(
      { check: 'one learning.final_passed outbox row per passed attempt', passes, outbox: Number(outbox.rows[0].n) },
      Number(outbox.rows[0].n) === passes ? null : `outbox rows ${outbox.rows[0].n}, passed attempts ${passes}`,
    );
    const standing = await client.query<{ n: string }>(
      `SELECT count(*) AS n FROM learning_course_progress p
        WHERE p.resident_id = ANY($1::uuid[]) AND p.final_attempts = 1 AND (p.final_passed_at IS NOT NULL) =
          EXISTS (SELECT 1 FROM learning_attempts a WHERE a.resident_id = p.resident_id AND a.passed)`,
      [attempts.map((a) => a.residentId)],
    );
    checks.note({ check: 'course standing: one final attempt counted per submitting resident', submitted, standing: Number(standing.rows[0].n) }, Number(standing.rows[0].n) === submitted ? null : `standing rows ${standing.rows[0].n}, submitted ${submitted}`);

    // a repeated submission gives the same result and writes nothing
    const before = await client.query<{ n: string }>(`SELECT count(*) AS n FROM outbox_events`);
    for (const row of rows.filter((r) => r.status === 'submitted').slice(0, 20)) {
      const a = byId.get(row.id) as PreparedAttempt;
      const res = await http<SubmitResult>(baseUrl, submitPath(a.id), {
        method: 'POST',
        headers: { authorization: `Bearer ${a.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ answers: a.answers }),
      });
      const same = res.status === 200 && res.body?.passed === row.passed && Number(res.body?.scorePercent) === Number(row.score_percent);
      checks.note({ check: 'repeated submit', attempt: a.id, status: res.status }, same ? null : `HTTP ${res.status}: ${res.text.slice(0, 160)}`);
    }
    const after = await client.query<{ n: string }>(`SELECT count(*) AS n FROM outbox_events`);
    checks.note({ check: 'repeated submits wrote no outbox row' }, before.rows[0].n === after.rows[0].n ? null : `${before.rows[0].n} -> ${after.rows[0].n}`);
  } finally {
    await client.end();
  }
  return checks.result(
    'every submitted attempt of the load re-scored by the benchmark from the bank (learning_questions.correct_keys) and the answers it sent ' +
    '(correct count, score, pass at the quiz pass mark); no second attempt of any resident; one learning.final_passed outbox row per passed ' +
    'attempt; one final attempt counted in each resident\'s course standing; 20 repeated submits answer the same result and write nothing',
  );
}
