import { authorTestCourse, bearer, createTestAppWithDemoData, registerTestResident, TEST_PASSWORD, type TestApp, type TestResident } from '@hvs/testing';
import { AppModule } from '../src/app.module';

type Auth = { authorization: string };
const api = (path: string) => `/api/v1/learning${path}`;
/** Letters only Vietnamese text has (a content stripped of its diacritics has none of them). */
const VIETNAMESE = /[ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]/i;
/** Anything that gives an answer away. */
const ANSWER_KEY = /correctKeys|correct_keys|"correct"|explanation/;

describe('learning: framework, catalogue and authoring', () => {
  let t: TestApp;
  const as: Record<string, Auth> = {};
  let residentQN: TestResident; // Phường Bãi Cháy, Quảng Ninh
  let residentHN: TestResident; // Phường Ba Đình, Hà Nội
  let core: { id: string; version: { id: string; lessons: Array<{ id: string; position: number }>; quizzes: Array<Record<string, unknown>> } };

  beforeAll(async () => {
    t = await createTestAppWithDemoData(AppModule);
    for (const u of ['admin', 'tinh.quangninh', 'khuvuc.halong', 'xa.baichay', 'gv.baichay']) as[u] = await bearer(t.http, u);
    await t.http
      .post('/api/v1/accounts')
      .set(as.admin)
      .send({ username: 'tinh.hanoi', displayName: 'Cán bộ thành phố Hà Nội', role: 'province_officer', password: TEST_PASSWORD, provinceCode: '01' })
      .expect(201);
    as['tinh.hanoi'] = await bearer(t.http, 'tinh.hanoi');
    residentQN = await registerTestResident(t, as.admin, { communeCode: '06673' });
    residentHN = await registerTestResident(t, as.admin, { communeCode: '00004' });
    as.residentQN = residentQN.auth as Auth;
    as.residentHN = residentHN.auth as Auth;
    const list = await t.http.get(api('/courses')).set(as.residentQN).expect(200);
    const item = list.body.items.find((c: { code: string }) => c.code === 'KNS-CB');
    core = (await t.http.get(api(`/courses/${item.id}`)).set(as.residentQN).expect(200)).body;
  });
  afterAll(() => t.close());

  const count = async (sql: string, params: unknown[] = []) => Number((await t.db.query(sql, params))[0].n);

  describe('the seeded core course', () => {
    it('is published as version 1 with 10 lessons, a lesson check each and the final assessment', async () => {
      const list = await t.http.get(api('/courses')).set(as.residentQN).expect(200);
      expect(list.body.items).toEqual([
        {
          id: core.id,
          code: 'KNS-CB',
          title: 'Kỹ năng số cơ bản',
          summary: expect.stringMatching(VIETNAMESE),
          offeredByProvince: null,
          currentVersion: { id: core.version.id, number: 1, publishedAt: expect.any(String), lessonCount: 10, estimatedMinutes: 300 },
        },
      ]);
      expect(core.version).toMatchObject({ number: 1, status: 'published', sequential: true, title: 'Kỹ năng số cơ bản' });
      expect(core.version.lessons.map((l) => l.position)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      expect(core.version.lessons[0]).toMatchObject({ slug: 'dien-thoai-thong-minh', estimatedMinutes: 25, competencies: ['0.1', '0.2', '4.1'] });
      expect(core.version.quizzes).toHaveLength(11);
      expect(core.version.quizzes.filter((q) => q.kind === 'lesson_check').map((q) => q.questionCount)).toEqual(Array(10).fill(3));
      expect(core.version.quizzes[10]).toEqual({
        id: expect.any(String),
        kind: 'final',
        lessonId: null,
        title: 'Bài kiểm tra cuối khóa',
        questionCount: 20,
        perCompetency: null,
        timeLimitS: 1800,
        maxAttempts: 3,
        cooldownS: 600,
        passPercent: 70,
        onDeadline: 'auto_submit',
      });
      // the administrator sees the same course, with no draft
      const admin = await t.http.get(api(`/courses/${core.id}`)).set(as.admin).expect(200);
      expect(admin.body).toMatchObject({ id: core.id, draftVersionId: null });
    });

    it('has a 74-question bank whose answer keys only authors read', async () => {
      const bank = await t.http.get(api(`/course-versions/${core.version.id}/questions`)).set(as.admin).expect(200);
      expect(bank.body.items).toHaveLength(74);
      const dt01 = bank.body.items.find((q: { key: string }) => q.key === 'dt-01');
      expect(dt01).toMatchObject({ type: 'single', competency: '0.2', correctKeys: ['b'], prompt: expect.stringMatching(VIETNAMESE) });
      expect(dt01.options.every((o: object) => Object.keys(o).sort().join() === 'key,text')).toBe(true);
      for (const who of ['tinh.quangninh', 'khuvuc.halong', 'xa.baichay', 'gv.baichay', 'residentQN']) {
        await t.http.get(api(`/course-versions/${core.version.id}/questions`)).set(as[who]).expect(403);
      }
    });

    it('serves lessons in Vietnamese with diacritics, and the framework too', async () => {
      const lesson = await t.http.get(api(`/lessons/${core.version.lessons[0].id}`)).set(as.residentQN).expect(200);
      expect(lesson.body).toMatchObject({ id: core.version.lessons[0].id, versionId: core.version.id, position: 1, slug: 'dien-thoai-thong-minh' });
      expect(lesson.body.contentMd).toMatch(/^# Bài 1\. Làm quen với điện thoại thông minh/);
      expect(lesson.body.contentMd).toContain('Điện thoại thông minh giúp chúng ta');
      const framework = await t.http.get(api('/competencies')).set(as.residentHN).expect(200);
      expect(framework.body.domains).toHaveLength(7);
      expect(framework.body.domains[4]).toMatchObject({ code: '4', name: 'An toàn', description: expect.stringMatching(VIETNAMESE) });
      expect(framework.body.domains[4].competencies).toContainEqual({ code: '4.3', name: 'Nhận diện và phòng tránh lừa đảo trực tuyến' });
      expect(framework.body.domains.flatMap((d: { competencies: unknown[] }) => d.competencies)).toHaveLength(22);
    });

    it('never gives a resident an answer key or explanation', async () => {
      const answers: string[] = [];
      const read = async (path: string) => {
        const res = await t.http.get(path).set(as.residentQN);
        expect([200, 409]).toContain(res.status);
        answers.push(res.text);
      };
      await read(api('/competencies'));
      await read(api('/courses'));
      await read(api(`/courses/${core.id}`));
      await read(api(`/course-versions/${core.version.id}`));
      for (const l of core.version.lessons) await read(api(`/lessons/${l.id}`));
      await read(`/api/v1/me/learning/courses/${core.id}`);
      expect(answers.join('\n')).not.toMatch(ANSWER_KEY);
      // the same check is able to fail: the authors' bank is full of them
      const bank = await t.http.get(api(`/course-versions/${core.version.id}/questions`)).set(as.admin).expect(200);
      expect(bank.text).toMatch(ANSWER_KEY);
    });
  });

  describe('lesson caching', () => {
    it('answers with an ETag and an immutable Cache-Control, and 304 without a body for a matching If-None-Match', async () => {
      const path = api(`/lessons/${core.version.lessons[0].id}`);
      const first = await t.http.get(path).set(as.residentQN).expect(200);
      const [row] = await t.db.query('SELECT content_hash FROM learning_lessons WHERE id = $1', [core.version.lessons[0].id]);
      expect(first.headers.etag).toBe(`"${row.content_hash}"`);
      expect(first.headers['cache-control']).toBe('private, max-age=86400, immutable');
      const again = await t.http.get(path).set(as.residentQN).set('if-none-match', first.headers.etag).expect(304);
      expect(again.text).toBe('');
      expect(again.headers.etag).toBe(first.headers.etag);
      await t.http.get(path).set(as.residentQN).set('if-none-match', `"something-else", ${first.headers.etag}`).expect(304);
      const stale = await t.http.get(path).set(as.residentQN).set('if-none-match', '"an-old-copy"').expect(200);
      expect(stale.body.contentMd).toBe(first.body.contentMd);
    });

    it('gives every lesson its own ETag, and a draft lesson no-cache with a new ETag when it changes', async () => {
      const etags = new Set<string>();
      for (const l of core.version.lessons) etags.add((await t.http.get(api(`/lessons/${l.id}`)).set(as.admin).expect(200)).headers.etag);
      expect(etags.size).toBe(10);
      const course = await authorTestCourse(t, as.admin, { publish: false });
      const path = api(`/lessons/${course.lessonIds[0]}`);
      const draft = await t.http.get(path).set(as.admin).expect(200);
      expect(draft.headers['cache-control']).toBe('private, no-cache');
      await t.http.get(path).set(as.admin).set('if-none-match', draft.headers.etag).expect(304);
      await t.http.patch(path).set(as.admin).send({ contentMd: '# Bài 1\n\nNội dung đã sửa.' }).expect(200);
      const changed = await t.http.get(path).set(as.admin).set('if-none-match', draft.headers.etag).expect(200);
      expect(changed.headers.etag).not.toBe(draft.headers.etag);
      expect(changed.body.contentMd).toBe('# Bài 1\n\nNội dung đã sửa.');
    });
  });

  describe('authoring', () => {
    it('creates a course with an empty draft version 1, audited; a taken code is 409', async () => {
      const res = await t.http.post(api('/courses')).set(as.admin).send({ code: 'KT-MOI', title: 'Khóa học mới', summary: 'Tóm tắt.' }).expect(201);
      expect(res.body).toMatchObject({
        code: 'KT-MOI',
        title: 'Khóa học mới',
        offeredByProvince: null,
        version: null,
        draftVersionId: res.body.draft.id,
        draft: { number: 1, status: 'draft', title: 'Khóa học mới', summary: 'Tóm tắt.', sequential: true, publishedAt: null, lessons: [], quizzes: [] },
      });
      expect(await count(`SELECT count(*) AS n FROM audit_events WHERE action = 'course.create' AND target_id = $1`, [res.body.id])).toBe(1);
      const taken = await t.http.post(api('/courses')).set(as.admin).send({ code: 'KT-MOI', title: 'Trùng mã' }).expect(409);
      expect(taken.body.error.code).toBe('COURSE_CODE_TAKEN');
      expect((await t.http.post(api('/courses')).set(as.admin).send({ code: 'KNS-CB', title: 'Trùng mã' }).expect(409)).body.error.code).toBe('COURSE_CODE_TAKEN');
      // not published: invisible to residents and staff who do not author it
      await t.http.get(api(`/courses/${res.body.id}`)).set(as.residentQN).expect(404);
      await t.http.get(api(`/course-versions/${res.body.draft.id}`)).set(as['gv.baichay']).expect(404);
      const list = await t.http.get(api('/courses')).set(as['gv.baichay']).expect(200);
      expect(list.body.items.map((c: { code: string }) => c.code)).toEqual(['KNS-CB']);
      const adminList = await t.http.get(api('/courses')).set(as.admin).expect(200);
      expect(adminList.body.items).toContainEqual(expect.objectContaining({ code: 'KT-MOI', currentVersion: null, draftVersionId: res.body.draft.id }));
    });

    it('keeps lesson positions contiguous on insert, move and delete; deleting a lesson takes its questions and check along', async () => {
      const course = await authorTestCourse(t, as.admin, { lessons: 3, publish: false });
      const v = course.versionId;
      const first = await t.http
        .post(api(`/course-versions/${v}/lessons`))
        .set(as.admin)
        .send({ slug: 'mo-dau', title: 'Mở đầu', contentMd: '# Mở đầu', estimatedMinutes: 5, competencies: ['0.1'], position: 1 })
        .expect(201);
      expect(first.body.position).toBe(1);
      const outline = async () => (await t.http.get(api(`/course-versions/${v}`)).set(as.admin).expect(200)).body.lessons.map((l: { slug: string; position: number }) => `${l.position}:${l.slug}`);
      expect(await outline()).toEqual(['1:mo-dau', '2:bai-1', '3:bai-2', '4:bai-3']);
      await t.http.patch(api(`/lessons/${first.body.id}`)).set(as.admin).send({ position: 3 }).expect(200);
      expect(await outline()).toEqual(['1:bai-1', '2:bai-2', '3:mo-dau', '4:bai-3']);
      await t.http
        .post(api(`/course-versions/${v}/quizzes`))
        .set(as.admin)
        .send({ kind: 'lesson_check', lessonId: course.lessonIds[1], title: 'Kiểm tra nhanh bài 2', questionCount: 2, passPercent: 70 })
        .expect(201);
      const position5 = await t.http
        .post(api(`/course-versions/${v}/lessons`))
        .set(as.admin)
        .send({ slug: 'qua-xa', title: 'Quá xa', contentMd: '# x', estimatedMinutes: 5, competencies: ['0.1'], position: 6 })
        .expect(400);
      expect(position5.body.error).toMatchObject({ code: 'LESSON_POSITION_OUT_OF_RANGE', details: { max: 5 } });
      await t.http.delete(api(`/lessons/${course.lessonIds[1]}`)).set(as.admin).expect(204);
      expect(await outline()).toEqual(['1:bai-1', '2:mo-dau', '3:bai-3']);
      expect(await count('SELECT count(*) AS n FROM learning_questions WHERE lesson_id = $1', [course.lessonIds[1]])).toBe(0);
      expect(await count(`SELECT count(*) AS n FROM learning_quizzes WHERE version_id = $1 AND kind = 'lesson_check'`, [v])).toBe(0);
      const dup = await t.http
        .post(api(`/course-versions/${v}/lessons`))
        .set(as.admin)
        .send({ slug: 'bai-3', title: 'Trùng', contentMd: '# x', estimatedMinutes: 5, competencies: ['0.1'] })
        .expect(409);
      expect(dup.body.error.code).toBe('LESSON_SLUG_TAKEN');
    });

    it('refuses bad input with 400 and a code, and writes nothing', async () => {
      const course = await authorTestCourse(t, as.admin, { lessons: 2, publish: false });
      const other = await authorTestCourse(t, as.admin, { lessons: 1, publish: false });
      const v = course.versionId;
      const written = () =>
        t.db.query(
          `SELECT (SELECT count(*)::int FROM learning_lessons WHERE version_id = $1) AS lessons,
                  (SELECT count(*)::int FROM learning_questions WHERE version_id = $1) AS questions,
                  (SELECT count(*)::int FROM learning_quizzes WHERE version_id = $1) AS quizzes,
                  (SELECT count(*)::int FROM audit_events) AS audit`,
          [v],
        );
      const before = await written();
      const lesson = { slug: 'bai-moi', title: 'Bài mới', contentMd: '# Bài mới', estimatedMinutes: 10, competencies: ['4.3'] };
      const question = {
        key: 'cau-moi',
        lessonId: course.lessonIds[0],
        competency: '4.3',
        type: 'single',
        prompt: 'Câu hỏi mới?',
        options: [
          { key: 'a', text: 'Có' },
          { key: 'b', text: 'Không' },
        ],
        correctKeys: ['a'],
        explanation: 'Vì vậy.',
      };
      const cases: Array<[string, string, Record<string, unknown>, string]> = [
        ['lesson with an unknown competency', `/course-versions/${v}/lessons`, { ...lesson, competencies: ['4.3', '9.9'] }, 'UNKNOWN_COMPETENCY'],
        ['lesson with six competencies', `/course-versions/${v}/lessons`, { ...lesson, competencies: ['0.1', '0.2', '0.3', '1.1', '1.2', '1.3'] }, 'VALIDATION_FAILED'],
        ['lesson with an unknown field', `/course-versions/${v}/lessons`, { ...lesson, videoUrl: 'https://example.com' }, 'VALIDATION_FAILED'],
        ['lesson over 100 KB', `/course-versions/${v}/lessons`, { ...lesson, contentMd: 'ễ'.repeat(40_000) }, 'VALIDATION_FAILED'],
        ['question with one option', `/course-versions/${v}/questions`, { ...question, options: [{ key: 'a', text: 'Có' }] }, 'VALIDATION_FAILED'],
        [
          'question with seven options',
          `/course-versions/${v}/questions`,
          { ...question, options: 'abcdefg'.split('').map((key) => ({ key, text: key })) },
          'VALIDATION_FAILED',
        ],
        ['question with repeated option keys', `/course-versions/${v}/questions`, { ...question, options: [{ key: 'a', text: 'Có' }, { key: 'a', text: 'Không' }] }, 'INVALID_QUESTION_OPTIONS'],
        ['true_false question with other keys', `/course-versions/${v}/questions`, { ...question, type: 'true_false' }, 'INVALID_QUESTION_OPTIONS'],
        ['single question with two correct keys', `/course-versions/${v}/questions`, { ...question, correctKeys: ['a', 'b'] }, 'INVALID_CORRECT_KEYS'],
        [
          'multiple question with every option correct',
          `/course-versions/${v}/questions`,
          { ...question, type: 'multiple', correctKeys: ['a', 'b'] },
          'INVALID_CORRECT_KEYS',
        ],
        ['question with a correct key that is no option', `/course-versions/${v}/questions`, { ...question, correctKeys: ['z'] }, 'INVALID_CORRECT_KEYS'],
        ['question with a competency its lesson lacks', `/course-versions/${v}/questions`, { ...question, competency: '0.1' }, 'COMPETENCY_NOT_IN_LESSON'],
        ['question with an unknown competency', `/course-versions/${v}/questions`, { ...question, competency: '8.8' }, 'UNKNOWN_COMPETENCY'],
        ['question on a lesson of another version', `/course-versions/${v}/questions`, { ...question, lessonId: other.lessonIds[0] }, 'LESSON_NOT_IN_VERSION'],
        ['question with an unknown field', `/course-versions/${v}/questions`, { ...question, correct: 'a' }, 'VALIDATION_FAILED'],
        ['check without a lesson', `/course-versions/${v}/quizzes`, { kind: 'lesson_check', title: 'Kiểm tra', questionCount: 2, passPercent: 70 }, 'QUIZ_LESSON_REQUIRED'],
        [
          'final on a lesson',
          `/course-versions/${v}/quizzes`,
          { kind: 'final', lessonId: course.lessonIds[0], title: 'Cuối khóa', questionCount: 2, passPercent: 70 },
          'QUIZ_LESSON_NOT_ALLOWED',
        ],
        [
          'check with per-competency counts that do not add up',
          `/course-versions/${v}/quizzes`,
          { kind: 'lesson_check', lessonId: course.lessonIds[0], title: 'Kiểm tra', questionCount: 2, passPercent: 70, perCompetency: { '4.3': 1 } },
          'INVALID_PER_COMPETENCY',
        ],
        [
          'check with a pass mark over 100',
          `/course-versions/${v}/quizzes`,
          { kind: 'lesson_check', lessonId: course.lessonIds[0], title: 'Kiểm tra', questionCount: 2, passPercent: 101 },
          'VALIDATION_FAILED',
        ],
      ];
      for (const [name, path, body, code] of cases) {
        const res = await t.http.post(api(path)).set(as.admin).send(body);
        expect({ name, status: res.status, code: res.body.error?.code }).toEqual({ name, status: 400, code });
        expect(res.body.error.message).toMatch(VIETNAMESE);
      }
      const unknownField = await t.http.post(api(`/course-versions/${v}/lessons`)).set(as.admin).send({ ...lesson, videoUrl: 'x' });
      expect(unknownField.body.error.details).toContainEqual({ field: 'videoUrl', rule: 'whitelistValidation', message: 'trường này không được phép' });
      await t.http.patch(api(`/course-versions/${v}`)).set(as.admin).send({ status: 'published' }).expect(400);
      await t.http.patch(api(`/lessons/${course.lessonIds[0]}`)).set(as.admin).send({ competencies: ['0.1'] }).expect(409); // its questions are 4.3
      expect(await written()).toEqual(before);
    });

    it('refuses to publish an incomplete draft, listing every problem', async () => {
      const course = await authorTestCourse(t, as.admin, { lessons: 2, publish: false });
      const v = course.versionId;
      await t.http.delete(api(`/quizzes/${course.finalQuizId}`)).set(as.admin).expect(204);
      await t.http
        .post(api(`/course-versions/${v}/quizzes`))
        .set(as.admin)
        .send({ kind: 'lesson_check', lessonId: course.lessonIds[0], title: 'Kiểm tra nhanh bài 1', questionCount: 3, passPercent: 70 })
        .expect(201);
      const res = await t.http.post(api(`/course-versions/${v}/publish`)).set(as.admin).expect(422);
      expect(res.body.error).toMatchObject({ code: 'VERSION_NOT_PUBLISHABLE', message: 'Phiên bản chưa đủ điều kiện để xuất bản.' });
      expect(res.body.error.details.problems).toEqual([
        expect.objectContaining({ code: 'NO_FINAL_QUIZ' }),
        expect.objectContaining({ code: 'NOT_ENOUGH_QUESTIONS', needed: 3, available: 2, message: expect.stringMatching(VIETNAMESE) }),
      ]);
      const final = await t.http
        .post(api(`/course-versions/${v}/quizzes`))
        .set(as.admin)
        .send({ kind: 'final', title: 'Cuối khóa', questionCount: 4, passPercent: 70, perCompetency: { '4.3': 3, '0.1': 1 } })
        .expect(201);
      const second = await t.http.post(api(`/course-versions/${v}/quizzes`)).set(as.admin).send({ kind: 'final', title: 'Cuối khóa 2', questionCount: 1, passPercent: 70 }).expect(409);
      expect(second.body.error.code).toBe('FINAL_QUIZ_EXISTS');
      const again = await t.http.post(api(`/course-versions/${v}/publish`)).set(as.admin).expect(422);
      // the lesson checks first (in lesson order), then the final
      expect(again.body.error.details.problems.map((p: { code: string }) => p.code)).toEqual(['NOT_ENOUGH_QUESTIONS', 'NOT_ENOUGH_QUESTIONS_FOR_COMPETENCY']);
      expect(again.body.error.details.problems[1]).toMatchObject({ quizId: final.body.id, competency: '0.1', needed: 1, available: 0 });
      const [{ status }] = await t.db.query('SELECT status FROM learning_course_versions WHERE id = $1', [v]);
      expect(status).toBe('draft');
      // fixed: per competency 4.3 only, the check on 2 questions
      await t.http.patch(api(`/quizzes/${final.body.id}`)).set(as.admin).send({ perCompetency: { '4.3': 4 } }).expect(200);
      const quizzes = (await t.http.get(api(`/course-versions/${v}`)).set(as.admin).expect(200)).body.quizzes;
      await t.http.patch(api(`/quizzes/${quizzes[0].id}`)).set(as.admin).send({ questionCount: 2 }).expect(200);
      await t.http.post(api(`/course-versions/${v}/publish`)).set(as.admin).expect(200);
    });

    it('publishes a draft, which is then immutable; a new draft copies it and, once published, retires it', async () => {
      const course = await authorTestCourse(t, as.admin, { lessons: 2, publish: false });
      const v1 = course.versionId;
      const published = await t.http.post(api(`/course-versions/${v1}/publish`)).set(as.admin).expect(200);
      expect(published.body).toMatchObject({ id: v1, number: 1, status: 'published', publishedAt: expect.any(String) });
      const [row] = await t.db.query('SELECT published_by FROM learning_course_versions WHERE id = $1', [v1]);
      const [adminAccount] = await t.db.query(`SELECT id FROM identity_accounts WHERE username = 'admin'`);
      expect(row.published_by).toBe(adminAccount.id);
      expect(await count(`SELECT count(*) AS n FROM audit_events WHERE action = 'course_version.publish' AND target_id = $1`, [v1])).toBe(1);

      // every write to a published version: 409 VERSION_NOT_DRAFT, nothing changed
      const notDraft = [
        t.http.patch(api(`/course-versions/${v1}`)).set(as.admin).send({ title: 'Sửa tên' }),
        t.http.post(api(`/course-versions/${v1}/lessons`)).set(as.admin).send({ slug: 'them', title: 'Thêm', contentMd: '# x', estimatedMinutes: 5, competencies: ['4.3'] }),
        t.http.patch(api(`/lessons/${course.lessonIds[0]}`)).set(as.admin).send({ title: 'Sửa bài' }),
        t.http.delete(api(`/lessons/${course.lessonIds[1]}`)).set(as.admin),
        t.http.patch(api(`/questions/${course.questionIds[0]}`)).set(as.admin).send({ prompt: 'Sửa câu hỏi?' }),
        t.http.delete(api(`/questions/${course.questionIds[1]}`)).set(as.admin),
        t.http.post(api(`/course-versions/${v1}/quizzes`)).set(as.admin).send({ kind: 'lesson_check', lessonId: course.lessonIds[0], title: 'Kiểm tra', questionCount: 1, passPercent: 70 }),
        t.http.patch(api(`/quizzes/${course.finalQuizId}`)).set(as.admin).send({ passPercent: 50 }),
        t.http.delete(api(`/quizzes/${course.finalQuizId}`)).set(as.admin),
        t.http.post(api(`/course-versions/${v1}/publish`)).set(as.admin),
      ];
      for (const res of await Promise.all(notDraft)) {
        expect(res.status).toBe(409);
        expect(res.body.error).toMatchObject({ code: 'VERSION_NOT_DRAFT', message: 'Phiên bản đã xuất bản không thể sửa. Hãy tạo bản nháp mới.' });
      }
      const v1View = (await t.http.get(api(`/course-versions/${v1}`)).set(as.admin).expect(200)).body;
      expect(v1View).toMatchObject({ title: published.body.title, lessons: published.body.lessons, quizzes: published.body.quizzes });

      // a new draft: a copy with new ids
      const draft = await t.http.post(api(`/courses/${course.courseId}/drafts`)).set(as.admin).expect(201);
      expect(draft.body).toMatchObject({ number: 2, status: 'draft', title: v1View.title, sequential: v1View.sequential });
      expect(draft.body.lessons.map((l: { slug: string }) => l.slug)).toEqual(['bai-1', 'bai-2']);
      expect(draft.body.lessons.map((l: { id: string }) => l.id)).not.toContain(course.lessonIds[0]);
      expect(draft.body.quizzes).toEqual([expect.objectContaining({ kind: 'final', questionCount: 4, id: expect.not.stringMatching(course.finalQuizId) })]);
      const bank = await t.http.get(api(`/course-versions/${draft.body.id}/questions`)).set(as.admin).expect(200);
      expect(bank.body.items.map((q: { key: string }) => q.key)).toEqual(['b1-c1', 'b1-c2', 'b2-c1', 'b2-c2']);
      expect(bank.body.items.every((q: { lessonId: string }) => draft.body.lessons.some((l: { id: string }) => l.id === q.lessonId))).toBe(true);
      const second = await t.http.post(api(`/courses/${course.courseId}/drafts`)).set(as.admin).expect(409);
      expect(second.body.error).toMatchObject({ code: 'DRAFT_EXISTS', details: { draftVersionId: draft.body.id } });
      // the published lesson's ETag is that of the copy (same content), under another id
      const oldLesson = await t.http.get(api(`/lessons/${course.lessonIds[0]}`)).set(as.admin).expect(200);
      const newLesson = await t.http.get(api(`/lessons/${draft.body.lessons[0].id}`)).set(as.admin).expect(200);
      expect(newLesson.headers.etag).toBe(oldLesson.headers.etag);

      // change the draft, publish it: version 1 retired, still readable
      await t.http.patch(api(`/course-versions/${draft.body.id}`)).set(as.admin).send({ title: 'Phiên bản 2', sequential: false }).expect(200);
      await t.http.post(api(`/course-versions/${draft.body.id}/publish`)).set(as.admin).expect(200);
      const detail = await t.http.get(api(`/courses/${course.courseId}`)).set(as.residentQN).expect(200);
      expect(detail.body).toMatchObject({ title: 'Phiên bản 2', version: { id: draft.body.id, number: 2, status: 'published', sequential: false } });
      expect(detail.body).not.toHaveProperty('draftVersionId');
      const retired = await t.http.get(api(`/course-versions/${v1}`)).set(as.residentQN).expect(200);
      expect(retired.body).toMatchObject({ status: 'retired', publishedAt: published.body.publishedAt, title: v1View.title });
      const retiredLesson = await t.http.get(api(`/lessons/${course.lessonIds[0]}`)).set(as.admin).expect(200);
      expect(retiredLesson.headers['cache-control']).toBe('private, max-age=86400, immutable');
      const statuses = await t.db.query('SELECT number, status FROM learning_course_versions WHERE course_id = $1 ORDER BY number', [course.courseId]);
      expect(statuses).toEqual([
        { number: 1, status: 'retired' },
        { number: 2, status: 'published' },
      ]);
    });
  });

  describe('who sees and who authors', () => {
    it('shows a province\'s course only in that province; its officer authors it, other officers get 404 or 403', async () => {
      const course = await authorTestCourse(t, as['tinh.quangninh'], { offeredByProvince: '22', lessons: 1 });
      const codes = async (who: string) => (await t.http.get(api('/courses')).set(as[who]).expect(200)).body.items.map((c: { id: string }) => c.id);
      for (const who of ['residentQN', 'gv.baichay', 'xa.baichay', 'khuvuc.halong', 'tinh.quangninh', 'admin']) expect(await codes(who)).toContain(course.courseId);
      for (const who of ['residentHN', 'tinh.hanoi']) expect(await codes(who)).not.toContain(course.courseId);
      await t.http.get(api(`/courses/${course.courseId}`)).set(as.residentQN).expect(200);
      await t.http.get(api(`/lessons/${course.lessonIds[0]}`)).set(as.residentQN).expect(200);
      for (const path of [`/courses/${course.courseId}`, `/course-versions/${course.versionId}`, `/lessons/${course.lessonIds[0]}`]) {
        const res = await t.http.get(api(path)).set(as.residentHN).expect(404);
        expect(res.body.error.code).toMatch(/^(COURSE|COURSE_VERSION|LESSON)_NOT_FOUND$/);
        await t.http.get(api(path)).set(as['tinh.hanoi']).expect(404);
      }
      expect((await t.http.post(api(`/courses/${course.courseId}/drafts`)).set(as['tinh.hanoi']).expect(404)).body.error.code).toBe('COURSE_NOT_FOUND');
      // its own officer makes a new draft; the other province's officer cannot even see it
      const draft = await t.http.post(api(`/courses/${course.courseId}/drafts`)).set(as['tinh.quangninh']).expect(201);
      await t.http.patch(api(`/course-versions/${draft.body.id}`)).set(as['tinh.hanoi']).send({ title: 'Không được' }).expect(404);
      await t.http.patch(api(`/course-versions/${draft.body.id}`)).set(as['tinh.quangninh']).send({ title: 'Được sửa' }).expect(200);
      const [audit] = await t.db.query(`SELECT unit_path::text AS path FROM audit_events WHERE action = 'course_version.update' AND target_id = $1`, [draft.body.id]);
      expect(audit.path).toBe('22');
    });

    it('lets a province officer author only their province\'s courses, and no other role author at all', async () => {
      const forbidden = async (who: string, body: Record<string, unknown>) => {
        const res = await t.http.post(api('/courses')).set(as[who]).send(body).expect(403);
        expect(res.body.error.code).toBe('FORBIDDEN');
      };
      // another province is public reference data: "outside your scope", not "forbidden" nor "not found"
      const other = await t.http.post(api('/courses')).set(as['tinh.quangninh']).send({ code: 'QN-KHAC', title: 'Khóa của tỉnh khác', offeredByProvince: '01' }).expect(403);
      expect(other.body.error).toMatchObject({ code: 'OUTSIDE_SCOPE', details: { level: 'province', code: '01' } });
      await forbidden('tinh.quangninh', { code: 'QN-QG', title: 'Khóa toàn quốc' });
      for (const who of ['khuvuc.halong', 'xa.baichay', 'gv.baichay', 'residentQN']) await forbidden(who, { code: 'KHONG-DUOC', title: 'Không được', offeredByProvince: '22' });
      const unknown = await t.http.post(api('/courses')).set(as.admin).send({ code: 'TINH-99', title: 'Tỉnh không có', offeredByProvince: '99' }).expect(400);
      expect(unknown.body.error.code).toBe('UNKNOWN_PROVINCE');
      // the national core course: the province officer sees it but may not author it; the instructor may not author at all
      expect((await t.http.post(api(`/courses/${core.id}/drafts`)).set(as['tinh.quangninh']).expect(403)).body.error.code).toBe('FORBIDDEN');
      await t.http.post(api(`/courses/${core.id}/drafts`)).set(as['gv.baichay']).expect(403);
      await t.http.patch(api(`/lessons/${core.version.lessons[0].id}`)).set(as['gv.baichay']).send({ title: 'Đổi tên bài' }).expect(403);
      await t.http.patch(api(`/lessons/${core.version.lessons[0].id}`)).set(as['tinh.quangninh']).send({ title: 'Đổi tên bài' }).expect(403);
      await t.http.post(api(`/course-versions/${core.version.id}/publish`)).set(as.residentQN).expect(403);
      expect(await count(`SELECT count(*) AS n FROM learning_courses WHERE code IN ('QN-KHAC', 'QN-QG', 'KHONG-DUOC', 'TINH-99')`)).toBe(0);
    });

    it('answers malformed ids with 400 and unknown ones with 404', async () => {
      expect((await t.http.get(api('/courses/not-a-uuid')).set(as.admin).expect(400)).body.error.code).toBe('INVALID_COURSE_ID');
      expect((await t.http.get(api('/lessons/123')).set(as.admin).expect(400)).body.error.code).toBe('INVALID_LESSON_ID');
      const nobody = '0190a5c1-0000-7000-8000-000000000000';
      expect((await t.http.get(api(`/courses/${nobody}`)).set(as.admin).expect(404)).body.error.code).toBe('COURSE_NOT_FOUND');
      expect((await t.http.get(api(`/course-versions/${nobody}`)).set(as.admin).expect(404)).body.error.code).toBe('COURSE_VERSION_NOT_FOUND');
      expect((await t.http.get(api(`/lessons/${nobody}`)).set(as.admin).expect(404)).body.error.code).toBe('LESSON_NOT_FOUND');
      expect((await t.http.patch(api(`/questions/${nobody}`)).set(as.admin).send({ prompt: 'Câu?' }).expect(404)).body.error.code).toBe('QUESTION_NOT_FOUND');
      expect((await t.http.delete(api(`/quizzes/${nobody}`)).set(as.admin).expect(404)).body.error.code).toBe('QUIZ_NOT_FOUND');
      await t.http.get(api('/courses')).expect(401);
    });
  });
});
