import { Controller, Get, Headers, Param, Res } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ApiErrors, Public } from '@hvs/platform';
import { etagMatches } from '../courses/etag';
import { LearningErrors } from '../learning-errors';
import { LessonMediaLibrary } from './lesson-media';
import { MEDIA_TYPES } from './lesson-references';

/**
 * The images lessons show (`![alt](/api/v1/learning/media/<course>/<file>)` in their Markdown). Public:
 * an `<img>` sends no token, and the images are teaching material, not personal data.
 */
@ApiTags('learning')
@Controller('learning/media')
export class LessonMediaController {
  constructor(private readonly library: LessonMediaLibrary) {}

  @Get(':course/:file')
  @Public()
  @ApiOperation({
    summary: 'An image of a shipped lesson (public). Cacheable for a day, ETag and 304; SVG served with a policy that runs nothing',
  })
  @ApiParam({ name: 'course', description: 'The course folder', example: 'core-course' })
  @ApiParam({ name: 'file', description: 'The image file', example: 'quet-ma-qr.svg' })
  @ApiHeader({ name: 'If-None-Match', required: false, description: 'The ETag of a copy you have' })
  @ApiProduces(...Object.values(MEDIA_TYPES))
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  @ApiErrors(404)
  async media(
    @Param('course') course: string,
    @Param('file') file: string,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const media = this.library.get(course, file);
    if (!media) throw LearningErrors.mediaNotFound();
    void reply
      .header('etag', media.etag)
      .header('cache-control', 'public, max-age=86400')
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'");
    if (etagMatches(ifNoneMatch, media.etag)) {
      await reply.status(304).send();
      return;
    }
    await reply.status(200).header('content-type', media.contentType).send(media.body);
  }
}
