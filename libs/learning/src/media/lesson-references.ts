import { API_PREFIX } from '@hvs/platform';

/**
 * Where lesson images are served (LessonMediaController): `${LESSON_MEDIA_PATH}/<course folder>/<file>`,
 * public, from the course's `media/` folder in libs/learning/data. Lessons link them with this path.
 */
export const LESSON_MEDIA_PATH = `/${API_PREFIX}/learning/media`;

/** Largest image shipped with a lesson: residents read lessons on phones with little data. */
export const MAX_MEDIA_BYTES = 32 * 1024;
/** Lower-case words and an image extension. */
export const MEDIA_FILE = /^[a-z0-9]+(?:-[a-z0-9]+)*\.(svg|png|jpg|webp)$/;
export const MEDIA_TYPES: Record<string, string> = {
  svg: 'image/svg+xml',
  png: 'image/png',
  jpg: 'image/jpeg',
  webp: 'image/webp',
};

/** A link or an image in a lesson's Markdown: its target as written, its text (alt text for an image) and line. */
export interface LessonReference {
  kind: 'image' | 'link';
  target: string;
  text: string;
  line: number;
}

const INLINE = /(!?)\[((?:[^[\]]|\[[^\]]*\])*)\]\(\s*<?([^\s)>]*)>?(?:\s+(?:"[^"]*"|'[^']*'|\([^)]*\)))?\s*\)/g;
const REFERENCE = /(!?)\[((?:[^[\]]|\[[^\]]*\])*)\]\[([^\]]*)\]/g;
const DEFINITION = /^ {0,3}\[([^\]]+)\]:\s*<?(\S+?)>?(?:\s+["'(].*)?$/;
const HTML_IMG = /<img\b[^>]*>/gi;
const HTML_LINK = /<a\b[^>]*\bhref\s*=\s*["']([^"']*)["']/gi;
const AUTOLINK = /<((?:https?:\/\/|mailto:)[^>\s]+)>/g;
const attribute = (tag: string, name: string) => new RegExp(`\\b${name}\\s*=\\s*["']([^"']*)["']`, 'i').exec(tag)?.[1];

/**
 * Every link and image of a lesson's Markdown: inline (`![alt](src)`, `[text](href)`), by reference
 * (`[text][id]` with its `[id]: href` line; an undefined id gives an empty target), HTML `<img>` and
 * `<a>`, and autolinks. Code (fenced blocks, inline code) is not read.
 */
export function lessonReferences(markdown: string): LessonReference[] {
  const lines = markdown.split(/\r?\n/);
  const definitions = new Map<string, string>();
  const prose: Array<{ text: string; line: number }> = [];
  let fenced = false;
  lines.forEach((raw, i) => {
    if (/^ {0,3}(```|~~~)/.test(raw)) {
      fenced = !fenced;
      return;
    }
    if (fenced) return;
    const text = raw.replace(/`[^`]*`/g, '');
    const definition = DEFINITION.exec(text);
    if (definition) definitions.set(definition[1].trim().toLowerCase(), definition[2]);
    else prose.push({ text, line: i + 1 });
  });
  const refs: LessonReference[] = [];
  const kind = (bang: string) => (bang ? 'image' : 'link');
  for (const { text, line } of prose) {
    for (const m of text.matchAll(INLINE)) refs.push({ kind: kind(m[1]), text: m[2], target: m[3], line });
    for (const m of text.matchAll(REFERENCE)) {
      refs.push({ kind: kind(m[1]), text: m[2], target: definitions.get((m[3] || m[2]).trim().toLowerCase()) ?? '', line });
    }
    for (const m of text.matchAll(HTML_IMG)) refs.push({ kind: 'image', text: attribute(m[0], 'alt') ?? '', target: attribute(m[0], 'src') ?? '', line });
    for (const m of text.matchAll(HTML_LINK)) refs.push({ kind: 'link', text: '', target: m[1], line });
    for (const m of text.matchAll(AUTOLINK)) refs.push({ kind: 'link', text: m[1], target: m[1], line });
  }
  return refs;
}

/** The media file a target names in `course`'s folder, if it is a media path of that course. */
export function mediaFileOf(target: string, course: string): string | null {
  const prefix = `${LESSON_MEDIA_PATH}/${course}/`;
  return target.startsWith(prefix) ? target.slice(prefix.length) : null;
}

const isWebAddress = (target: string) => {
  if (!/^https?:\/\//i.test(target)) return false;
  try {
    return Boolean(new URL(target).hostname);
  } catch {
    return false;
  }
};

/**
 * Why a reference of a lesson of `course` does not resolve (null when it does): an image must be one
 * of the course's media files (`media`), with alt text, never from another site; a link must be a web
 * address (http/https), an e-mail or phone link, an anchor, or one of the course's media files.
 */
export function referenceProblem(ref: LessonReference, course: string, media: ReadonlySet<string>): string | null {
  const file = mediaFileOf(ref.target, course);
  if (file !== null && !media.has(file)) return `${ref.kind} ${ref.target} is not a file of ${course}/media`;
  if (ref.kind === 'image') {
    if (!ref.text.trim()) return `image ${ref.target || '(no target)'} has no alt text`;
    if (file !== null) return null;
    if (/^(?:https?:)?\/\//i.test(ref.target)) return `image ${ref.target} is on another site: ship it in ${course}/media`;
    return `image ${ref.target || '(no target)'} does not resolve: images are ${LESSON_MEDIA_PATH}/${course}/<file>`;
  }
  if (file !== null || isWebAddress(ref.target) || /^(mailto|tel):\S+$/i.test(ref.target) || /^#\S+$/.test(ref.target)) return null;
  return `link ${ref.target || '(no target)'} does not resolve`;
}

/** Why a media file cannot be shipped (null when it can): its name, its size, and for SVG no script, no outside reference, a title. */
export function mediaFileProblem(name: string, bytes: Buffer): string | null {
  const match = MEDIA_FILE.exec(name);
  if (!match) return 'the name must be lower-case words joined by "-" and .svg, .png, .jpg or .webp';
  if (bytes.length > MAX_MEDIA_BYTES) return `${bytes.length} bytes, over ${MAX_MEDIA_BYTES}: optimise it`;
  if (match[1] !== 'svg') return null;
  const svg = bytes.toString('utf8');
  if (!/<svg[\s>]/.test(svg)) return 'not an SVG document';
  if (/<script|<foreignObject|\son[a-z]+\s*=|javascript:/i.test(svg)) return 'an SVG with scripts or event handlers';
  if (/\b(?:href|src)\s*=\s*["'](?!#)/i.test(svg) || /url\(\s*["']?(?!#)/i.test(svg)) return 'an SVG that loads something from outside itself';
  if (!/<title\b[^>]*>\s*\S[^<]*<\/title>/.test(svg)) return 'an SVG without a <title> (its description for screen readers)';
  return null;
}
