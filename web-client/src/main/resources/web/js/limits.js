// Length limits the server applies, counted as it counts them: in characters (Unicode code points), so an emoji is
// one and a flag or a thumbs-up with a skin tone is two. An HTML `maxlength` counts UTF-16 units (an emoji is two),
// so the fields these limit have none: the checks here say what is wrong instead.

export const MAX_GROUP_NAME = 100;

/** The length of `text` as the server counts it: code points. */
export function characterCount(text) {
  return [...String(text ?? '')].length;
}

/** What is wrong with a group name as typed (it is trimmed first), or null when the server will take it. */
export function groupNameError(name) {
  const trimmed = String(name ?? '').trim();
  if (!trimmed) return 'Give the group a name.';
  if (characterCount(trimmed) > MAX_GROUP_NAME) return `The name is too long: at most ${MAX_GROUP_NAME} characters.`;
  return null;
}
