// Message text as WhatsApp shows it: http(s) links, *bold*, _italic_, ~strike~ and `code`. Pure: it returns
// segments of plain text with flags, never HTML, so the view builds elements and text nodes from them.

const MARKERS = { '*': 'bold', _: 'italic', '~': 'strike', '`': 'code' };
// A link starts at "http://" or "https://" not glued to a word; only these schemes ever become links.
const LINK = /(?<![\p{L}\p{N}])https?:\/\/[^\s<>"]+/giu;
// Punctuation that ends a sentence rather than the address ("see https://example.com/x.").
const TRAILING = /[.,;:!?'"*_~`]+$/u;
const WORD = /[\p{L}\p{N}]/u;
const SPACE = /\s/u;

/**
 * Splits `text` into segments `{text, bold, italic, strike, code, href}` (href is null or an http(s) URL).
 * A marker opens only after a non-word character (or at the start) and before a non-space, and closes only after a
 * non-space and before a non-word character (or at the end), on the same line: `snake_case` and `2*3*4` stay as
 * they are. Inside `code` nothing is formatted or linked.
 */
export function parseRichText(text) {
  const segments = [];
  parse(String(text ?? ''), { bold: false, italic: false, strike: false, code: false }, segments);
  return segments;
}

function parse(text, style, out) {
  if (style.code) {
    push(out, text, style, null);
    return;
  }
  const links = findLinks(text);
  let plain = '';
  let i = 0;
  while (i < text.length) {
    const link = links.find((range) => range.start === i);
    if (link) {
      push(out, plain, style, null);
      plain = '';
      push(out, link.href, style, link.href);
      i = link.end;
      continue;
    }
    const flag = MARKERS[text[i]];
    const close = flag && !style[flag] ? closingMarker(text, i, links) : -1;
    if (close > 0) {
      push(out, plain, style, null);
      plain = '';
      parse(text.slice(i + 1, close), { ...style, [flag]: true }, out);
      i = close + 1;
      continue;
    }
    plain += text[i];
    i++;
  }
  push(out, plain, style, null);
}

function findLinks(text) {
  const links = [];
  for (const match of text.matchAll(LINK)) {
    let href = match[0].replace(TRAILING, '');
    // A closing bracket belongs to the address only when it has an opening one ("…/Foo_(bar)" vs "(see …/x)").
    while (/[)\]]$/.test(href) && count(href, href.at(-1)) > count(href, href.at(-1) === ')' ? '(' : '[')) {
      href = href.slice(0, -1).replace(TRAILING, '');
    }
    if (/^https?:\/\/[^/?#]/i.test(href)) links.push({ start: match.index, end: match.index + href.length, href });
  }
  return links;
}

function count(text, char) {
  return text.split(char).length - 1;
}

/** Index of the marker closing the one at `open`, or -1; never inside a link, never across a line. */
function closingMarker(text, open, links) {
  const marker = text[open];
  if ((open > 0 && WORD.test(text[open - 1])) || open + 1 >= text.length || SPACE.test(text[open + 1])) return -1;
  for (let j = open + 2; j < text.length; j++) {
    if (text[j] === '\n') return -1;
    if (text[j] !== marker || links.some((range) => j >= range.start && j < range.end)) continue;
    if (!SPACE.test(text[j - 1]) && (j + 1 === text.length || !WORD.test(text[j + 1]))) return j;
  }
  return -1;
}

function push(out, text, style, href) {
  if (!text) return;
  const last = out.at(-1);
  if (last && !href && !last.href && ['bold', 'italic', 'strike', 'code'].every((flag) => last[flag] === style[flag])) {
    last.text += text;
  } else {
    out.push({ text, ...style, href });
  }
}

const EMOJI_PART = /^(?:\p{Extended_Pictographic}|\p{Emoji_Modifier}|\p{Regional_Indicator}|[\u200D\uFE0F\u20E3#*0-9\u{E0020}-\u{E007F}])+$/u;
const EMOJI_BASE = /\p{Extended_Pictographic}|\p{Regional_Indicator}|\u20E3/u;
const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Whether `text` is one to three emoji and nothing else (spaces aside): WhatsApp shows those larger. */
export function isEmojiOnly(text) {
  const parts = [...graphemes.segment(String(text ?? '').replace(/\s+/gu, ''))].map((part) => part.segment);
  return parts.length >= 1 && parts.length <= 3 && parts.every((part) => EMOJI_PART.test(part) && EMOJI_BASE.test(part));
}

/** Characters of a long message shown until "Read more" (WhatsApp folds long messages the same way). */
export const READ_MORE_AT = 1_500;

/**
 * Where to fold a long message: null when it is short enough to show whole (up to READ_MORE_AT plus a little, so a
 * fold never hides only a few words), else the text shown before "Read more", cut at the last space or line break
 * within 200 characters of the fold (in code points, so no emoji is cut in half) and ended with "…".
 */
export function foldedText(text) {
  const chars = [...(text ?? '')];
  if (chars.length <= READ_MORE_AT + 200) return null;
  let cut = READ_MORE_AT;
  for (let i = READ_MORE_AT; i > READ_MORE_AT - 200; i--) {
    if (/\s/.test(chars[i])) {
      cut = i;
      break;
    }
  }
  return `${chars.slice(0, cut).join('').trimEnd()}…`;
}
