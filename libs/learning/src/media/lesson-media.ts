import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { Injectable, Logger } from '@nestjs/common';
import { learningDataDir, readCourseMedia } from '../reference-data/learning-data-files';
import { MEDIA_FILE, MEDIA_TYPES, mediaFileProblem } from './lesson-references';

/** One image of a shipped course, ready to send. */
export interface LessonMedia {
  body: Buffer;
  contentType: string;
  etag: string;
}

/**
 * The images of the shipped courses (the `media/` folder of each course folder in libs/learning/data),
 * held in memory: a few small files that never change while the process runs. Only files fit to ship
 * (mediaFileProblem, the rule the content check applies) are served.
 */
@Injectable()
export class LessonMediaLibrary {
  private readonly files = new Map<string, LessonMedia>();

  constructor() {
    const dir = learningDataDir();
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      for (const [name, body] of Object.entries(readCourseMedia(dir, entry.name))) {
        const problem = mediaFileProblem(name, body);
        if (problem) {
          new Logger('LessonMedia').warn(`${entry.name}/media/${name} is not served: ${problem}`);
          continue;
        }
        const extension = MEDIA_FILE.exec(name)?.[1] ?? '';
        this.files.set(`${entry.name}/${name}`, {
          body,
          contentType: MEDIA_TYPES[extension],
          etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`,
        });
      }
    }
  }

  /** The file `name` of course folder `course`, if shipped. */
  get(course: string, name: string): LessonMedia | undefined {
    return this.files.get(`${course}/${name}`);
  }
}
