import { lessonReferences, MAX_MEDIA_BYTES } from '@hvs/learning';
import { bearer, createTestAppWithDemoData, type TestApp } from '@hvs/testing';
import { AppModule } from '../src/app.module';

type Auth = { authorization: string };

describe('learning: the images and links of the shipped lessons', () => {
  let t: TestApp;
  let admin: Auth;
  beforeAll(async () => {
    t = await createTestAppWithDemoData(AppModule);
    admin = await bearer(t.http, 'admin');
  });
  afterAll(() => t.close());

  /** Every lesson of every course's current version, with its Markdown, read through the api. */
  async function shippedLessons(): Promise<Array<{ course: string; slug: string; contentMd: string }>> {
    const list = await t.http.get('/api/v1/learning/courses').set(admin).expect(200);
    const lessons: Array<{ course: string; slug: string; contentMd: string }> = [];
    for (const course of list.body.items as Array<{ id: string; code: string }>) {
      const detail = await t.http.get(`/api/v1/learning/courses/${course.id}`).set(admin).expect(200);
      for (const lesson of detail.body.version.lessons as Array<{ id: string; slug: string }>) {
        const read = await t.http.get(`/api/v1/learning/lessons/${lesson.id}`).set(admin).expect(200);
        lessons.push({ course: course.code, slug: lesson.slug, contentMd: read.body.contentMd });
      }
    }
    return lessons;
  }

  it('serves every image of every lesson (small, an image type, with a Vietnamese description) and every local link', async () => {
    const lessons = await shippedLessons();
    expect(lessons.length).toBeGreaterThanOrEqual(10);
    const broken: string[] = [];
    let images = 0;
    for (const lesson of lessons) {
      for (const ref of lessonReferences(lesson.contentMd)) {
        const where = `${lesson.course}/${lesson.slug} line ${ref.line}: ${ref.kind} ${ref.target}`;
        if (/^https?:\/\//i.test(ref.target)) {
          if (ref.kind === 'image') broken.push(`${where}: an image from another site`);
          continue; // a link to a web site: not fetched from the tests
        }
        if (/^(mailto|tel):|^#/i.test(ref.target)) continue;
        if (!ref.target.startsWith('/')) {
          broken.push(`${where}: does not resolve`);
          continue;
        }
        const res = await t.http.get(ref.target).buffer(true); // no token: an <img> sends none
        if (res.status !== 200) {
          broken.push(`${where}: ${res.status}`);
          continue;
        }
        if (ref.kind !== 'image') continue;
        images++;
        const body = res.body as Buffer;
        if (!/^image\//.test(res.headers['content-type'])) broken.push(`${where}: served as ${res.headers['content-type']}`);
        if (body.length > MAX_MEDIA_BYTES) broken.push(`${where}: ${body.length} bytes`);
        if (!ref.text.trim()) broken.push(`${where}: no alt text`);
        if (res.headers['content-type'] === 'image/svg+xml' && !/<title[^>]*>[^<]*[ăâđêôơưàáảạấầẩậếềểệịọốồổộớờởợụứừửựý][^<]*<\/title>/i.test(body.toString('utf8'))) {
          broken.push(`${where}: the SVG has no Vietnamese <title>`);
        }
      }
    }
    expect(broken).toEqual([]);
    expect(images).toBeGreaterThanOrEqual(10);
  });

  it('answers an image with caching headers and a policy that runs nothing, 304 for a current copy, 404 otherwise', async () => {
    const path = '/api/v1/learning/media/core-course/quet-ma-qr.svg';
    const res = await t.http.get(path).buffer(true).expect(200);
    expect(res.headers).toMatchObject({
      'content-type': 'image/svg+xml',
      'cache-control': 'public, max-age=86400',
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
    });
    await t.http.get(path).set('if-none-match', res.headers.etag).expect(304);
    for (const missing of ['/api/v1/learning/media/core-course/khong-co.svg', '/api/v1/learning/media/core-course/..%2Fcourse.json', '/api/v1/learning/media/khac/quet-ma-qr.svg']) {
      const answer = await t.http.get(missing).expect(404);
      expect(answer.body.error).toMatchObject({ code: 'LESSON_MEDIA_NOT_FOUND', message: 'Không tìm thấy hình ảnh của bài học.' });
    }
  });
});
