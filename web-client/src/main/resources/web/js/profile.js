// The profile's rules as the server applies them (PATCH /api/me), checked before a save so the panel can say what
// is wrong beside the field; the server checks them again.

import { characterCount } from './limits.js';

export const MAX_DISPLAY_NAME = 64;
export const MAX_ABOUT = 140;

// Control characters and the Unicode line and paragraph separators: a name and an About are one line each.
const CONTROL = /[\p{Cc}\u2028\u2029]/u;

const length = characterCount; // characters (code points), as the server counts them

/**
 * The body to send for what the fields hold, or the errors to show: `{ fields, errors: { name, about } }`. An empty
 * name clears the display name (the username shows instead); an empty About clears it.
 */
export function checkProfile(name, about) {
  const displayName = String(name ?? '').trim();
  const aboutText = String(about ?? '').trim();
  const errors = { name: null, about: null };
  if (CONTROL.test(displayName)) errors.name = "Your name can't contain line breaks or control characters.";
  else if (length(displayName) > MAX_DISPLAY_NAME) {
    errors.name = `Your name is too long: at most ${MAX_DISPLAY_NAME} characters.`;
  }
  if (CONTROL.test(aboutText)) errors.about = "About can't contain line breaks or control characters.";
  else if (length(aboutText) > MAX_ABOUT) errors.about = `About is too long: at most ${MAX_ABOUT} characters.`;
  return { fields: { display_name: displayName || null, about: aboutText || null }, errors };
}

/** How many characters are left in a field, for its counter. */
export function charactersLeft(text, max) {
  return max - length(String(text ?? '').trim());
}
