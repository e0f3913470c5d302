// The sign-in / sign-up screen. One form, two submit buttons: the same fields serve both actions.

import { h, setAttr, setText } from '../dom.js';
import { icon } from './icons.js';

export function createLoginView(store) {
  const username = h('input', {
    id: 'login-username', 'data-testid': 'login-username', name: 'username', autocomplete: 'username',
    autocapitalize: 'none', spellcheck: 'false', required: true, maxlength: '32',
  });
  const password = h('input', {
    id: 'login-password', 'data-testid': 'login-password', name: 'password', type: 'password',
    autocomplete: 'current-password', required: true,
  });
  const error = h('p', { class: 'login-error', id: 'login-error', 'data-testid': 'login-error', role: 'alert' });
  const signIn = h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'login-submit', value: 'login' },
    'Sign in');
  const signUp = h('button', { type: 'submit', class: 'btn btn-secondary', 'data-testid': 'signup-submit', value: 'register' },
    'Create account');

  const form = h('form', {
    class: 'login-card', 'aria-labelledby': 'login-title', 'aria-describedby': 'login-error', novalidate: true,
    on: {
      submit: (event) => {
        event.preventDefault();
        // No browser validation bubbles: the server's own message (shown below) says exactly what is wrong.
        // The button that submitted decides: Enter in a field means "Sign in", the first submit button.
        const register = event.submitter?.value === 'register';
        store.signIn(username.value.trim(), password.value, { register });
      },
    },
  },
  h('div', { class: 'login-logo', 'aria-hidden': 'true' }, icon('chat')),
  h('h1', { id: 'login-title' }, 'Parley'),
  h('p', { class: 'login-lead' }, 'Sign in, or create an account to start chatting.'),
  h('label', { for: 'login-username' }, 'Username'),
  username,
  h('p', { class: 'login-hint' }, '3–32 characters: letters, digits, . _ -'),
  h('label', { for: 'login-password' }, 'Password'),
  password,
  error,
  h('div', { class: 'login-actions' }, signIn, signUp));

  const el = h('main', { class: 'login-screen', 'data-testid': 'login-screen' }, form);

  return {
    el,
    update(state) {
      setText(error, state.auth.error);
      setAttr(error, 'hidden', !state.auth.error);
      signIn.disabled = state.auth.busy;
      signUp.disabled = state.auth.busy;
      setAttr(form, 'aria-busy', state.auth.busy ? 'true' : null);
    },
    focus() {
      (username.value ? password : username).focus();
    },
  };
}
