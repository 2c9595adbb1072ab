import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { bearer, createTestAppWithDemoData, registerTestResident, type TestApp } from '@hvs/testing';
import type { Response } from 'superagent';
import { v7 as uuidv7 } from 'uuid';
import { AppModule } from '../src/app.module';
import { createQuizCourse } from '@hvs/testing';
import { classApiFixtures } from '@hvs/testing';
const { accountId, CLASSES, coreCourse, createClass, residentNamed, staffAccount, vietnamDay, villageCode } = classApiFixtures;
type Auth = classApiFixtures.Auth;

/** Collects a binary response body (the XLSX register). */
function binary(res: Response, done: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}

/**
 * Sessions and home visits (numbering under concurrency, today in Vietnam, lessons of the course), the
 * roster of a session (who is on it, names in full, marks, rates, progress), summaries and the register.
 */
describe('class sessions, rosters and reports', () => {
  let t: TestApp;
  const as: Record<string, Auth> = {};
  const ids: Record<string, string> = {};
  let core: Awaited<ReturnType<typeof coreCourse>>;
  let village1: string;

  beforeAll(async () => {
    t = await createTestAppWithDemoData(AppModule);
    for (const u of ['admin', 'tinh.quangninh', 'khuvuc.halong', 'xa.baichay', 'gv.baichay']) as[u] = await bearer(t.http, u);
    ids['gv.baichay'] = await accountId(t, 'gv.baichay');
    const gv2 = await staffAccount(t, as.admin, { username: 'gv2.baichay', role: 'instructor', communeCode: '06673' });
    const xaMc = await staffAccount(t, as.admin, { username: 'xa.mongcai', role: 'commune_officer', communeCode: '06709' });
    Object.assign(as, { 'gv2.baichay': gv2.auth, 'xa.mongcai': xaMc.auth });
    as.resident = (await registerTestResident(t, as.admin)).auth as Auth;
    core = await coreCourse(t, as.admin);
    village1 = await villageCode(t, '06673', 'Tổ dân phố 1');
  });
  afterAll(() => t.close());

  const newClass = async (extra: Record<string, unknown> = {}) =>
    (await createClass(t, as['xa.baichay'], { courseVersionId: core.versionId, instructorIds: [ids['gv.baichay']], place: 'Nhà văn hóa tổ 3', ...extra })).id;
  const session = (classId: string, body: Record<string, unknown>, who = 'gv.baichay') => t.http.post(`${CLASSES}/${classId}/sessions`).set(as[who]).send(body);
  const sessionCount = async (classId: string) => Number((await t.db.query('SELECT count(*) AS n FROM classes_sessions WHERE class_id = $1', [classId]))[0].n);
  const enrol = (classId: string, body: Record<string, unknown>) => t.http.post(`${CLASSES}/${classId}/enrolments`).set(as['xa.baichay']).send(body).expect(200);

  describe('sessions', () => {
    it('numbers the sessions of a class and day, also when three phones create them at once', async () => {
      const id = await newClass();
      const day = vietnamDay(-2);
      const created = await Promise.all([1, 2, 3].map(() => session(id, { date: day }).expect(201)));
      expect(created.map((r) => r.body.number).sort()).toEqual([1, 2, 3]);
      expect(new Set(created.map((r) => r.body.id)).size).toBe(3);
      expect((await session(id, { date: vietnamDay(-1) }).expect(201)).body.number).toBe(1);
      expect((await session(id, { date: day }).expect(201)).body.number).toBe(4);
      const list = await t.http.get(`${CLASSES}/${id}/sessions`).set(as['gv.baichay']).expect(200);
      expect(list.body.items.map((s: { date: string; number: number }) => `${s.date}/${s.number}`)).toEqual([
        `${day}/1`,
        `${day}/2`,
        `${day}/3`,
        `${day}/4`,
        `${vietnamDay(-1)}/1`,
      ]);
      expect(Number((await t.db.query(`SELECT count(*) AS n FROM audit_events WHERE action = 'class.session_create' AND details->>'classId' = $1`, [id]))[0].n)).toBe(5);
    });

    it('the day defaults to today in Vietnam; the place to the class\'s', async () => {
      const id = await newClass();
      const res = await session(id, {}).expect(201);
      expect(res.body).toEqual({
        id: expect.any(String),
        classId: id,
        kind: 'class',
        visitedResidentId: null,
        date: vietnamDay(0),
        number: 1,
        startsAt: null,
        endsAt: null,
        place: 'Nhà văn hóa tổ 3',
        lessons: [],
        note: '',
        status: 'open',
        createdBy: ids['gv.baichay'],
        createdAt: expect.any(String),
        closedAt: null,
      });
      const one = await t.http.get(`${CLASSES}/${id}/sessions/${res.body.id}`).set(as['khuvuc.halong']).expect(200);
      expect(one.body).toEqual(res.body);
    });

    it('lessons covered must be lessons of the class\'s course version; bad input is refused with a code and writes nothing', async () => {
      const id = await newClass();
      const [first, second] = core.lessons;
      const ok = await session(id, { lessonIds: [second.id, first.id], startsAt: '07:30', endsAt: '09:00', note: 'Cài VNeID' }).expect(201);
      expect(ok.body).toMatchObject({ startsAt: '07:30', endsAt: '09:00', note: 'Cài VNeID', lessons: [first, second] });
      const other = await createQuizCourse(t.db);
      const before = await sessionCount(id);
      const foreign = await session(id, { lessonIds: [first.id, other.lessons[0].id] }).expect(400);
      expect(foreign.body.error).toMatchObject({ code: 'LESSON_NOT_IN_COURSE', details: { field: 'lessonIds', lessonIds: [other.lessons[0].id] } });
      for (const body of [
        { date: '2026-02-30' },
        { date: '2026-2-3' },
        { date: 'hôm nay' },
        { startsAt: '7:30' },
        { startsAt: '25:00' },
        { lessonIds: ['bai-1'] },
        { lessonIds: [first.id, first.id] },
        { room: 'A1' },
        { note: 'x'.repeat(1001) },
      ]) {
        const res = await session(id, body).expect(400);
        expect(res.body.error.code).toBe('VALIDATION_FAILED');
      }
      expect((await session(id, { startsAt: '09:00', endsAt: '08:00' }).expect(400)).body.error.code).toBe('INVALID_TIME_RANGE');
      expect(await sessionCount(id)).toBe(before);
    });

    it('changes a session\'s times, lessons, place and note (its day stays)', async () => {
      const id = await newClass();
      const s = (await session(id, { startsAt: '07:30' }).expect(201)).body;
      const patch = (body: Record<string, unknown>, who = 'gv.baichay') => t.http.patch(`${CLASSES}/${id}/sessions/${s.id}`).set(as[who]).send(body);
      const res = await patch({ endsAt: '09:15', lessonIds: [core.lessons[2].id], place: 'Sân nhà văn hóa', note: 'Mưa, học ngoài hiên' }).expect(200);
      expect(res.body).toMatchObject({ startsAt: '07:30', endsAt: '09:15', lessons: [core.lessons[2]], place: 'Sân nhà văn hóa', note: 'Mưa, học ngoài hiên', date: s.date, number: 1 });
      expect((await patch({ endsAt: '07:00' }).expect(400)).body.error.code).toBe('INVALID_TIME_RANGE');
      expect((await patch({ lessonIds: [uuidv7()] }).expect(400)).body.error.code).toBe('LESSON_NOT_IN_COURSE');
      expect((await patch({ date: vietnamDay(1) }).expect(400)).body.error.code).toBe('VALIDATION_FAILED');
      expect((await patch({ startsAt: null }).expect(200)).body.startsAt).toBeNull();
      await patch({ note: 'x' }, 'gv2.baichay').expect(404);
      await patch({ note: 'x' }, 'khuvuc.halong').expect(403);
      expect((await t.http.patch(`${CLASSES}/${id}/sessions/${uuidv7()}`).set(as['gv.baichay']).send({ note: 'x' }).expect(404)).body.error.code).toBe('SESSION_NOT_FOUND');
      expect((await t.http.get(`${CLASSES}/${id}/sessions/nope`).set(as['gv.baichay']).expect(400)).body.error.code).toBe('INVALID_SESSION_ID');
      const audit = await t.db.query(`SELECT details FROM audit_events WHERE action = 'class.session_update' AND target_id = $1 ORDER BY id`, [s.id]);
      expect(audit.map((a: { details: { fields: string[] } }) => [...a.details.fields].sort())).toEqual([['endsAt', 'lessonIds', 'note', 'place'], ['startsAt']]);
    });

    it('who opens sessions: the class\'s staff and managers; a closed class takes none', async () => {
      const id = await newClass();
      await session(id, {}, 'xa.baichay').expect(201);
      await session(id, {}, 'tinh.quangninh').expect(201);
      expect((await session(id, {}, 'gv2.baichay').expect(404)).body.error.code).toBe('CLASS_NOT_FOUND');
      expect((await session(id, {}, 'xa.mongcai').expect(404)).body.error.code).toBe('CLASS_NOT_FOUND');
      await session(id, {}, 'khuvuc.halong').expect(403);
      await session(id, {}, 'resident').expect(403);
      await t.http.get(`${CLASSES}/${id}/sessions`).set(as.resident).expect(403);
      await t.http.get(`${CLASSES}/${id}/sessions`).set(as['gv2.baichay']).expect(404);
      await t.http.patch(`${CLASSES}/${id}`).set(as['xa.baichay']).send({ status: 'open' }).expect(200);
      await t.http.patch(`${CLASSES}/${id}`).set(as['xa.baichay']).send({ status: 'completed' }).expect(200);
      expect((await session(id, {}).expect(409)).body.error.code).toBe('CLASS_CLOSED');
    });

    it('home visits: a session of its own for one resident, numbered with the day\'s sessions', async () => {
      const id = await newClass();
      const enrolled = await residentNamed(t, as['xa.baichay'], 'Mai Thị Nhà');
      const far = await residentNamed(t, as['tinh.quangninh'], 'Mai Văn Xa', { communeCode: '06709', cccd: true });
      const notEnrolled = await residentNamed(t, as['xa.baichay'], 'Mai Văn Lẻ');
      await enrol(id, { residentIds: [enrolled.id], cccds: [far.cccd] });
      await session(id, {}).expect(201);
      const visit = await t.http
        .post(`${CLASSES}/${id}/home-visits`)
        .set(as['gv.baichay'])
        .send({ residentId: enrolled.id, lessonIds: [core.lessons[0].id], note: 'Cài ứng dụng VNeID cho bà' })
        .expect(201);
      expect(visit.body).toMatchObject({ kind: 'home_visit', visitedResidentId: enrolled.id, date: vietnamDay(0), number: 2, place: 'Tại nhà người dân', lessons: [core.lessons[0]] });
      // a person from elsewhere, outside the instructor's scope, enrolled in the class
      const farVisit = await t.http.post(`${CLASSES}/${id}/home-visits`).set(as['gv.baichay']).send({ residentId: far.id }).expect(201);
      const farRoster = await t.http.get(`${CLASSES}/${id}/sessions/${farVisit.body.id}/roster`).set(as['gv.baichay']).expect(200);
      expect(farRoster.body.residents).toEqual([expect.objectContaining({ residentId: far.id, fullName: 'Mai Văn Xa', fromElsewhere: true })]);
      // in the commune officer's scope, not enrolled: a visit all the same
      await t.http.post(`${CLASSES}/${id}/home-visits`).set(as['xa.baichay']).send({ residentId: notEnrolled.id }).expect(201);
      const farOut = await residentNamed(t, as['tinh.quangninh'], 'Mai Thị Ngoài', { communeCode: '06709' });
      expect((await t.http.post(`${CLASSES}/${id}/home-visits`).set(as['gv.baichay']).send({ residentId: farOut.id }).expect(404)).body.error.code).toBe('RESIDENT_NOT_FOUND');
      expect((await t.http.post(`${CLASSES}/${id}/home-visits`).set(as['gv.baichay']).send({}).expect(400)).body.error.code).toBe('VALIDATION_FAILED');
      await t.http.post(`${CLASSES}/${id}/home-visits`).set(as['gv2.baichay']).send({ residentId: enrolled.id }).expect(404);
      const roster = await t.http.get(`${CLASSES}/${id}/sessions/${visit.body.id}/roster`).set(as['gv.baichay']).expect(200);
      expect(roster.body.session).toMatchObject({ kind: 'home_visit', number: 2 });
      expect(roster.body.residents).toEqual([expect.objectContaining({ residentId: enrolled.id, fullName: 'Mai Thị Nhà', fromElsewhere: false })]);
      expect(await t.db.query(`SELECT 1 FROM audit_events WHERE action = 'class.home_visit' AND target_id = $1`, [visit.body.id])).toHaveLength(1);
    });
  });

  describe('roster, summaries and the register', () => {
    let id: string;
    let s1: string; // yesterday
    let s2: string; // today
    let s3: string; // tomorrow (not held yet)
    const people: Record<string, { id: string; birthYear: number; cccd: string | null }> = {};

    beforeAll(async () => {
      id = await newClass({ name: 'Lớp tổ 1 buổi sáng', villageCode: village1 });
      people.an = await residentNamed(t, as['xa.baichay'], 'Nguyễn Thị An', { villageCode: village1, year: 1958 });
      people.binh = await residentNamed(t, as['xa.baichay'], 'Trần Văn Bình', { year: 1962 });
      people.cuong = await residentNamed(t, as['tinh.quangninh'], 'Lê Văn Cường', { communeCode: '06709', cccd: true, year: 1970 });
      people.dung = await residentNamed(t, as['xa.baichay'], 'Phạm Thị Dung', { year: 1965 });
      people.em = await residentNamed(t, as['xa.baichay'], 'Võ Văn Em', { year: 1980 });
      await enrol(id, { residentIds: [people.an.id, people.binh.id, people.dung.id], cccds: [people.cuong.cccd] });
      // enrolled three days ago (so on yesterday's roster)
      await t.db.query(`UPDATE classes_enrolments SET enrolled_at = now() - interval '3 days' WHERE class_id = $1`, [id]);
      s1 = (await session(id, { date: vietnamDay(-1), lessonIds: [core.lessons[0].id] }).expect(201)).body.id;
      s2 = (await session(id, { lessonIds: [core.lessons[1].id] }).expect(201)).body.id;
      s3 = (await session(id, { date: vietnamDay(1) }).expect(201)).body.id;
      // Dung withdraws today; Em joins today
      await t.http.delete(`${CLASSES}/${id}/enrolments/${people.dung.id}`).set(as['gv.baichay']).send({ reason: 'Ốm' }).expect(200);
      await enrol(id, { residentIds: [people.em.id] });
      // marks, as the attendance part writes them
      const mark = (sessionId: string, who: string, status: string, remark: string | null = null) =>
        t.db.query(
          `INSERT INTO classes_attendance (session_id, resident_id, status, remark, mark_id, device_time, recorded_by)
           VALUES ($1, $2, $3, $4, $5, '2026-01-15T01:02:03Z', $6)`,
          [sessionId, people[who].id, status, remark, uuidv7(), ids['gv.baichay']],
        );
      await mark(s1, 'an', 'present');
      await mark(s1, 'binh', 'absent');
      await mark(s1, 'cuong', 'excused', 'Có việc nhà');
      await mark(s1, 'dung', 'present');
      await mark(s2, 'an', 'late', 'Đến muộn 10 phút');
      await mark(s2, 'cuong', 'present');
      await t.db.query(
        `INSERT INTO learning_course_progress (resident_id, version_id, path, lessons_completed) SELECT id, $2, path, 3 FROM identity_residents WHERE id = $1`,
        [people.an.id, core.versionId],
      );
      await t.db.query(
        `INSERT INTO learning_course_completions (resident_id, version_id, path, via, class_id) SELECT id, $2, path, 'class', $3 FROM identity_residents WHERE id = $1`,
        [people.an.id, core.versionId, id],
      );
    });

    const roster = (sessionId: string, who = 'gv.baichay') => t.http.get(`${CLASSES}/${id}/sessions/${sessionId}/roster`).set(as[who]);

    it('today\'s roster: the people enrolled, by name, in full, with mark, rate and progress; no staff, nobody withdrawn', async () => {
      const res = await roster(s2).expect(200);
      expect(res.body.session).toEqual({ id: s2, date: vietnamDay(0), number: 1, kind: 'class', status: 'open', lessons: [core.lessons[1]] });
      expect(res.body.class).toEqual({ id, name: 'Lớp tổ 1 buổi sáng' });
      expect(res.body.residents).toEqual([
        {
          residentId: people.cuong.id,
          fullName: 'Lê Văn Cường',
          birthYear: 1970,
          villageName: null,
          fromElsewhere: true,
          attendance: { status: 'present', remark: null, deviceTime: '2026-01-15T01:02:03.000Z', recordedBy: ids['gv.baichay'] },
          attendanceRate: 0.5,
          lessonsCompleted: 0,
        },
        {
          residentId: people.an.id,
          fullName: 'Nguyễn Thị An',
          birthYear: 1958,
          villageName: 'Tổ dân phố 1',
          fromElsewhere: false,
          attendance: { status: 'late', remark: 'Đến muộn 10 phút', deviceTime: '2026-01-15T01:02:03.000Z', recordedBy: ids['gv.baichay'] },
          attendanceRate: 1,
          lessonsCompleted: 3,
        },
        expect.objectContaining({ residentId: people.binh.id, fullName: 'Trần Văn Bình', attendance: null, attendanceRate: 0 }),
        expect.objectContaining({ residentId: people.em.id, fullName: 'Võ Văn Em', attendance: null, attendanceRate: 0 }),
      ]);
      const listed = res.body.residents.map((r: { residentId: string }) => r.residentId);
      expect(listed).not.toContain(people.dung.id);
      expect(listed).not.toContain(ids['gv.baichay']);
    });

    it('yesterday\'s roster: a person enrolled after it is not on it (not absent); a person who left later still is', async () => {
      const res = await roster(s1).expect(200);
      const names = res.body.residents.map((r: { fullName: string }) => r.fullName);
      expect(names).toEqual(['Lê Văn Cường', 'Nguyễn Thị An', 'Phạm Thị Dung', 'Trần Văn Bình']);
      expect(names).not.toContain('Võ Văn Em');
      const cuong = res.body.residents[0];
      expect(cuong.attendance).toMatchObject({ status: 'excused', remark: 'Có việc nhà' });
      const future = await roster(s3).expect(200);
      expect(future.body.residents.map((r: { fullName: string }) => r.fullName)).toEqual(['Lê Văn Cường', 'Nguyễn Thị An', 'Trần Văn Bình', 'Võ Văn Em']);
    });

    it('who reads a roster', async () => {
      await roster(s2, 'khuvuc.halong').expect(200);
      await roster(s2, 'tinh.quangninh').expect(200);
      expect((await roster(s2, 'gv2.baichay').expect(404)).body.error.code).toBe('CLASS_NOT_FOUND');
      expect((await roster(s2, 'xa.mongcai').expect(404)).body.error.code).toBe('CLASS_NOT_FOUND');
      await roster(s2, 'resident').expect(403);
      const other = await newClass();
      const foreign = (await session(other, {}).expect(201)).body.id;
      expect((await roster(foreign).expect(404)).body.error.code).toBe('SESSION_NOT_FOUND');
    });

    it('summary of the class and of its commune', async () => {
      const expected = {
        classId: id,
        name: 'Lớp tổ 1 buổi sáng',
        status: 'planned',
        communeCode: '06673',
        villageCode: village1,
        enrolled: 4,
        withdrawn: 1,
        sessionsHeld: 2,
        homeVisits: 0,
        averageAttendanceRate: 0.375, // (1 + 0.5 + 0 + 0) / 4
        minAttendanceShare: 0.7,
        meetingAttendanceShare: 1,
        completions: 1,
      };
      expect((await t.http.get(`${CLASSES}/${id}/summary`).set(as['gv.baichay']).expect(200)).body).toEqual(expected);
      const commune = await t.http.get(`${CLASSES}/summary`).query({ communeCode: '06673' }).set(as['xa.baichay']).expect(200);
      expect(commune.body).toMatchObject({ communeCode: '06673', communeName: 'Phường Bãi Cháy' });
      expect(commune.body.items).toContainEqual(expected);
      await t.http.get(`${CLASSES}/summary`).query({ communeCode: '06673' }).set(as['khuvuc.halong']).expect(200);
      await t.http.get(`${CLASSES}/summary`).query({ communeCode: '06673' }).set(as['gv.baichay']).expect(403);
      expect((await t.http.get(`${CLASSES}/summary`).query({ communeCode: '06673' }).set(as['xa.mongcai']).expect(403)).body.error.code).toBe('OUTSIDE_SCOPE');
      expect((await t.http.get(`${CLASSES}/summary`).set(as['xa.baichay']).expect(400)).body.error.code).toBe('VALIDATION_FAILED');
      await t.http.get(`${CLASSES}/${id}/summary`).set(as['gv2.baichay']).expect(404);
    });

    it('the register as CSV: title, legend, one column per session, one row per person enrolled (audited)', async () => {
      const res = await t.http.get(`${CLASSES}/${id}/register.csv`).set(as['gv.baichay']).expect(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(res.headers['content-disposition']).toBe(`attachment; filename="so-diem-danh-${id.slice(0, 8)}.csv"`);
      expect(res.text.charCodeAt(0)).toBe(0xfeff);
      const lines: string[][] = parse(res.text, { bom: true, relax_column_count: true });
      expect(lines[0][0]).toContain('Lớp tổ 1 buổi sáng');
      expect(lines[0][0]).toContain('Phường Bãi Cháy');
      expect(lines[0][0]).toContain('KNS-CB');
      expect(lines[1][0]).toMatch(/^Ký hiệu: P = có mặt; M = đi muộn; V = vắng có phép; K = vắng/);
      const col = (day: string, n: number) => `${day.slice(8, 10)}/${day.slice(5, 7)} (${n})`;
      expect(lines[2]).toEqual(['STT', 'Họ và tên', 'Năm sinh', 'Thôn/Tổ', col(vietnamDay(-1), 1), col(vietnamDay(0), 1), col(vietnamDay(1), 1), 'Tỉ lệ']);
      expect(lines.slice(3)).toEqual([
        ['1', 'Lê Văn Cường', '1970', '', 'V', 'P', '', '50%'],
        ['2', 'Nguyễn Thị An', '1958', 'Tổ dân phố 1', 'P', 'M', '', '100%'],
        ['3', 'Trần Văn Bình', '1962', '', 'K', '', '', '0%'],
        ['4', 'Võ Văn Em', '1980', '', '-', '', '', '0%'],
      ]);
      const [audit] = await t.db.query(`SELECT * FROM audit_events WHERE action = 'class.register_export' AND target_id = $1`, [id]);
      expect(audit).toMatchObject({ actor_account_id: ids['gv.baichay'], target_type: 'class', details: { format: 'csv', residents: 4, sessions: 3 } });
      await t.http.get(`${CLASSES}/${id}/register.csv`).set(as['gv2.baichay']).expect(404);
      await t.http.get(`${CLASSES}/${id}/register.csv`).set(as.resident).expect(403);
    });

    it('the register as a printable XLSX workbook', async () => {
      const res = await t.http.get(`${CLASSES}/${id}/register.xlsx`).set(as['xa.baichay']).buffer(true).parse(binary).expect(200);
      expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(res.body as unknown as ExcelJS.Buffer);
      const ws = wb.getWorksheet('Sổ điểm danh');
      if (!ws) throw new Error('no worksheet');
      expect(String(ws.getCell('A1').value)).toContain('Lớp tổ 1 buổi sáng');
      expect(ws.getCell('A1').font?.bold).toBe(true);
      expect(String(ws.getCell('A2').value)).toContain('Phường Bãi Cháy');
      expect(String(ws.getCell('A3').value)).toContain('KNS-CB');
      const headerRow = ws.getRow(6);
      expect((headerRow.values as unknown[]).slice(1)).toEqual(['STT', 'Họ và tên', 'Năm sinh', 'Thôn/Tổ', expect.stringMatching(/^\d\d\/\d\d \(1\)$/), expect.any(String), expect.any(String), 'Tỉ lệ']);
      expect(headerRow.getCell(2).font?.bold).toBe(true);
      expect((ws.getRow(8).values as unknown[]).slice(1)).toEqual([2, 'Nguyễn Thị An', 1958, 'Tổ dân phố 1', 'P', 'M', '', 1]);
      expect(ws.getRow(8).getCell(8).numFmt).toBe('0%');
      expect((ws.getRow(7).values as unknown[]).slice(1, 3)).toEqual([1, 'Lê Văn Cường']);
      expect(ws.rowCount).toBe(10);
      expect(ws.pageSetup).toMatchObject({ orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 });
      expect(ws.getColumn(2).width).toBe(28);
      expect(ws.getColumn(5).width).toBe(8.5);
      expect(ws.getColumn(8).width).toBe(8);
      const [audit] = await t.db.query(`SELECT details FROM audit_events WHERE action = 'class.register_export' AND target_id = $1 AND details->>'format' = 'xlsx'`, [id]);
      expect(audit.details).toEqual({ format: 'xlsx', residents: 4, sessions: 3 });
    });
  });
});
