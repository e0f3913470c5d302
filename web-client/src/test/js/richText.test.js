// Message text: links, WhatsApp's *bold* _italic_ ~strike~ `code`, and emoji-only messages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { READ_MORE_AT, foldedText, isEmojiOnly, parseRichText } from '../../main/resources/web/js/richText.js';

const PLAIN = { bold: false, italic: false, strike: false, code: false, href: null };
const seg = (text, flags = {}) => ({ text, ...PLAIN, ...flags });

test('plain text is one plain segment, and markup stays text', () => {
  assert.deepEqual(parseRichText('<b>x</b> & hi'), [seg('<b>x</b> & hi')]);
});

test('a link leaves out the punctuation that ends the sentence', () => {
  assert.deepEqual(parseRichText('see *this* at https://example.com/x.'), [
    seg('see '), seg('this', { bold: true }), seg(' at '),
    seg('https://example.com/x', { href: 'https://example.com/x' }), seg('.'),
  ]);
  assert.deepEqual(parseRichText('(http://a.example/b?q=1), ok?'), [
    seg('('), seg('http://a.example/b?q=1', { href: 'http://a.example/b?q=1' }), seg('), ok?'),
  ]);
  assert.deepEqual(parseRichText('https://en.wikipedia.org/wiki/Foo_(bar)!'), [
    seg('https://en.wikipedia.org/wiki/Foo_(bar)', { href: 'https://en.wikipedia.org/wiki/Foo_(bar)' }), seg('!'),
  ]);
});

test('only http and https become links', () => {
  for (const text of ['javascript:alert(1)', 'JavaScript://%0aalert(1)', 'data:text/html,x', 'ftp://x.example/a',
    'xhttps://x.example', 'https://']) {
    assert.deepEqual(parseRichText(text), [seg(text)], text);
  }
});

test('bold, italic, strike and code, also nested and around a link', () => {
  assert.deepEqual(parseRichText('*b* _i_ ~s~ `c`'), [
    seg('b', { bold: true }), seg(' '), seg('i', { italic: true }), seg(' '), seg('s', { strike: true }), seg(' '),
    seg('c', { code: true }),
  ]);
  assert.deepEqual(parseRichText('*very _much_ so*'), [
    seg('very ', { bold: true }), seg('much', { bold: true, italic: true }), seg(' so', { bold: true }),
  ]);
  assert.deepEqual(parseRichText('_https://x.example/a_b_'), [
    seg('https://x.example/a_b', { italic: true, href: 'https://x.example/a_b' }),
  ]);
});

test('markers inside words, before spaces or across lines do nothing', () => {
  for (const text of ['snake_case_name', '2*3*4', 'a* b *c', '* not bold *', 'half*way*', '*open\nclose*', '**', 'x~y~']) {
    assert.deepEqual(parseRichText(text), [seg(text)], text);
  }
});

test('nothing is formatted or linked inside code', () => {
  assert.deepEqual(parseRichText('`*a* _b_ https://x.example`'), [seg('*a* _b_ https://x.example', { code: true })]);
});

test('one to three emoji and nothing else are emoji-only', () => {
  for (const text of ['😀', '👍🏽', ' ❤️ 🎉 ', '👨‍👩‍👧🇫🇷1️⃣']) assert.equal(isEmojiOnly(text), true, text);
  for (const text of ['', '😀😀😀😀', 'hi 😀', '123', '#', '*', '😀.']) assert.equal(isEmojiOnly(text), false, text);
});

test('a long message is folded at a word boundary before Read more; a short one, or one just past the fold, is whole', () => {
  assert.equal(foldedText('hello'), null);
  assert.equal(foldedText('x'.repeat(READ_MORE_AT + 200)), null);
  const words = 'lorem ipsum '.repeat(300); // 3,600 characters
  const folded = foldedText(words);
  assert.ok(folded.endsWith('…'));
  assert.ok([...folded].length <= READ_MORE_AT + 1 && [...folded].length > READ_MORE_AT - 200);
  assert.ok(words.startsWith(folded.slice(0, -1)), 'the fold shows the start of the text');
  assert.match(folded, /(lorem|ipsum)…$/, 'cut after a whole word');
  const emoji = '😀'.repeat(2_000);
  assert.equal([...foldedText(emoji)].length, READ_MORE_AT + 1, 'no emoji cut in half');
});
