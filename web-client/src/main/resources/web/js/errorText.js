// What the user reads when something failed: the server's error codes turned into whole, friendly sentences.
// Server messages are terse and lower case (they are also read by programs); only the text shown here is for people.

/** The sign-in / sign-up error line for a failed call (`register` tells which of the two it was). */
export function authErrorText(error, { register = false } = {}) {
  switch (error?.code) {
    case 'network':
      return "Can't reach the server. Check your connection.";
    case 'conflict':
      return register ? 'That username is taken. Try another one.' : sentence(error.message);
    case 'unauthenticated':
      return register ? sentence(error.message) : 'Wrong username or password.';
    case 'rate_limited':
      return 'Too many attempts. Wait a minute and try again.';
    case 'validation':
    case 'bad_request':
      return sentence(error.message);
    default:
      return error?.status >= 500
        ? 'Something went wrong on the server. Try again in a moment.'
        : sentence(error?.message) || 'Something went wrong. Try again.';
  }
}

/**
 * What a refused chat action (a send, a new chat, a block) says: a block gets the server's own sentence ("you can't
 * message this person", "you blocked bob: unblock them to send a message"), written as a sentence.
 */
export function chatErrorText(error) {
  if (error?.code === 'network') return "Can't reach the server. Check your connection.";
  if (error?.code === 'outcome_unknown') {
    return 'The server lost its database connection while saving this, so it may have been saved. Check before you try again.';
  }
  if (error?.status >= 500 || error?.code === 'internal') return 'Something went wrong on the server. Try again in a moment.';
  return sentence(error?.message) || 'Something went wrong. Try again.';
}

/**
 * Why a message search failed: the server's own words for what it refused (an empty or too long query, too many
 * searches, with how long to wait when it said), plain words for the rest.
 */
export function searchErrorText(error) {
  if (error?.code === 'network') return "Can't reach the server. Check your connection.";
  if (error?.status >= 500 || error?.code === 'internal') return "Search isn't working right now. Try again in a moment.";
  if (error?.code === 'not_found') return 'This chat is no longer available.';
  const text = sentence(error?.message) || 'Search failed. Try again.';
  const wait = error?.code === 'rate_limited' && error.retryAfter > 0 ? Math.ceil(error.retryAfter) : 0;
  if (!wait || /try again|retry|wait/i.test(text)) return text; // the server may already say when
  return `${text} Try again in ${wait} ${wait === 1 ? 'second' : 'seconds'}.`;
}

/** "username is taken" → "Username is taken.": a capital first letter and a closing full stop when it has none. */
export function sentence(text) {
  const trimmed = String(text ?? '').trim();
  if (!trimmed) return '';
  const capital = trimmed[0].toUpperCase() + trimmed.slice(1);
  return /[.!?…]$/.test(capital) ? capital : `${capital}.`;
}
