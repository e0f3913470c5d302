// The "Profile" drawer over the chat list (opened from my name or avatar): my display name and About, edited and
// saved with PATCH /api/me; what is wrong shows beside its field, and my contacts see the change live. Below them my
// privacy settings and my signed-in devices (WhatsApp's "Linked devices"), each of which can be signed out.

import { deviceName, lastActive, sortDevices } from '../devices.js';
import { h, replaceChildren, setAttr, setText } from '../dom.js';
import { chatErrorText } from '../errorText.js';
import { MAX_ABOUT, MAX_DISPLAY_NAME, charactersLeft, checkProfile } from '../profile.js';
import { avatar } from './avatar.js';
import { icon } from './icons.js';

/** `onClose()` returns to the chat list; `confirm` asks before a device is signed out. */
export function createProfile(store, { onClose, confirm }) {
  let saving = false;
  const field = (id, label, max, hint) => {
    const input = h('input', {
      type: 'text', class: 'profile-input', id: `profile-${id}`, 'data-testid': `profile-${id}`, autocomplete: 'off',
      'aria-describedby': `profile-${id}-error profile-${id}-hint`, on: { input: () => typed() },
    });
    const counter = h('span', { class: 'profile-counter', 'data-testid': `profile-${id}-counter`, 'aria-hidden': 'true' });
    const error = h('p', { class: 'field-error', id: `profile-${id}-error`, 'data-testid': `profile-${id}-error`, hidden: true });
    const note = h('p', { class: 'profile-hint', id: `profile-${id}-hint` }, hint);
    const el = h('div', { class: 'profile-field' },
      h('label', { for: `profile-${id}` }, label), h('div', { class: 'profile-input-row' }, input, counter), error, note);
    return { input, counter, error, el, max };
  };
  const name = field('name', 'Your name', MAX_DISPLAY_NAME,
    'Shown instead of your username to the people you chat with. Leave it empty to show your username.');
  const about = field('about', 'About', MAX_ABOUT, 'A line about you, shown in your chats and in New chat.');
  const username = h('p', { class: 'profile-username', 'data-testid': 'profile-username' });
  const bigAvatar = h('div', { class: 'profile-avatar' });
  const status = h('p', { class: 'profile-status', 'data-testid': 'profile-status', role: 'status' });
  const save = h('button', { type: 'submit', class: 'dialog-btn primary', 'data-testid': 'profile-save' }, 'Save');
  const form = h('form', {
    class: 'profile-form', novalidate: true,
    on: { submit: (event) => { event.preventDefault(); submit(); } },
  }, name.el, about.el, h('div', { class: 'profile-actions' }, status, save));

  // Privacy: each change is saved at once, as WhatsApp's switches are; the server enforces both.
  const lastSeen = h('select', {
    id: 'privacy-last-seen', class: 'privacy-select', 'data-testid': 'privacy-last-seen', disabled: true,
    on: { change: () => saveSettings({ last_seen: lastSeen.value }) },
  }, h('option', { value: 'contacts' }, 'My contacts'), h('option', { value: 'nobody' }, 'Nobody'));
  const readReceipts = h('input', {
    type: 'checkbox', id: 'privacy-read-receipts', 'data-testid': 'privacy-read-receipts', disabled: true,
    on: { change: () => saveSettings({ read_receipts: readReceipts.checked }) },
  });
  const privacyStatus = h('p', { class: 'profile-status', 'data-testid': 'privacy-status', role: 'status' });
  const privacy = h('section', { class: 'privacy', 'aria-labelledby': 'privacy-title' },
    h('h3', { class: 'privacy-title', id: 'privacy-title' }, 'Privacy'),
    h('div', { class: 'privacy-row' }, h('label', { for: 'privacy-last-seen' }, 'Who can see my last seen and online'),
      lastSeen),
    h('div', { class: 'privacy-row' }, h('label', { for: 'privacy-read-receipts' }, 'Read receipts'), readReceipts),
    h('p', { class: 'profile-hint' },
      "If you turn off read receipts, you won't send or see them in chats with one person. Groups always have them."),
    privacyStatus);

  async function loadSettings() {
    lastSeen.disabled = true;
    readReceipts.disabled = true;
    const settings = await store.loadSettings();
    if (settings) showSettings(settings);
  }

  function showSettings(settings) {
    lastSeen.value = settings.last_seen;
    readReceipts.checked = settings.read_receipts;
    lastSeen.disabled = false;
    readReceipts.disabled = false;
  }

  // A choice is saved at once. The controls stay usable meanwhile (a focused one turned disabled lost the focus to the
  // page): a choice made while one is being saved goes when that answer comes, and only the last answer is shown.
  let savingSettings = false;
  let settingsMeanwhile = null;

  async function saveSettings(fields) {
    if (savingSettings) {
      settingsMeanwhile = { ...settingsMeanwhile, ...fields };
      return;
    }
    savingSettings = true;
    setText(privacyStatus, 'Saving…');
    let saved = await store.updateSettings(fields);
    while (settingsMeanwhile) {
      const more = settingsMeanwhile;
      settingsMeanwhile = null;
      saved = await store.updateSettings(more);
    }
    savingSettings = false;
    setText(privacyStatus, saved ? 'Saved.' : '');
    if (saved) showSettings(saved);
    else await loadSettings(); // refused: show what holds
  }

  // Devices: read each time the drawer opens; a device signed out leaves the list, which is read again.
  const devicesList = h('ul', { class: 'devices-list', 'data-testid': 'devices-list', 'aria-labelledby': 'devices-title' });
  const devicesStatus = h('p', { class: 'profile-status', 'data-testid': 'devices-status', role: 'status' });
  const signOutAll = h('button', {
    type: 'button', class: 'dialog-btn danger-text', 'data-testid': 'devices-sign-out-all', on: { click: askSignOutAll },
  }, 'Sign out of all devices');
  const devices = h('section', { class: 'privacy devices', 'aria-labelledby': 'devices-title' },
    h('h3', { class: 'privacy-title', id: 'devices-title' }, 'Devices'),
    h('p', { class: 'profile-hint' },
      "Where you're signed in to Parley. Sign out of any device you don't use or don't recognise."),
    devicesList, devicesStatus, signOutAll);
  let devicesLoad = 0; // only the latest read is shown

  async function loadDevices() {
    const load = ++devicesLoad;
    const sessions = await store.loadSessions();
    if (load !== devicesLoad || !sessions) return;
    replaceChildren(devicesList, sortDevices(sessions).map(deviceRow));
    if (sessions.length === 1 && !devicesStatus.textContent) setText(devicesStatus, 'This is the only device signed in.');
  }

  /** One device: its name, address and last use as text nodes (what a device says it is stays a claim). */
  function deviceRow(session) {
    const name = deviceName(session.user_agent);
    const detail = [session.address, lastActive(session)].filter(Boolean).join(' · ');
    return h('li', { class: 'device-row', 'data-testid': 'device', 'data-key': session.id,
      'data-current': String(Boolean(session.current)) },
    h('div', { class: 'device-text' },
      h('span', { class: 'device-name', 'data-testid': 'device-name' }, name,
        session.current ? h('span', { class: 'device-this', 'data-testid': 'device-this' }, 'This device') : null),
      h('span', { class: 'device-detail', 'data-testid': 'device-detail' }, detail)),
    session.current ? null : h('button', {
      type: 'button', class: 'dialog-btn', 'data-testid': 'device-sign-out', 'aria-label': `Sign out ${name}`,
      on: { click: () => askSignOut(session, name) },
    }, 'Sign out'));
  }

  function askSignOut(session, name) {
    confirm.ask({
      question: `Sign out ${name}?`,
      detail: [session.address, lastActive(session)].filter(Boolean).join(' · '),
      label: 'Sign out',
      confirm: async () => {
        if (!(await store.endSession(session.id))) return;
        devicesList.querySelector(`[data-key="${CSS.escape(session.id)}"]`)?.remove();
        setText(devicesStatus, `${name} is signed out.`);
        signOutAll.focus(); // the row and its button are gone: the keyboard carries on below the list
        await loadDevices();
      },
    });
  }

  function askSignOutAll() {
    confirm.ask({
      question: 'Sign out of all devices?',
      detail: 'Every device signed in to your account is signed out, this one too. Messages waiting to be sent from '
        + 'a device are lost.',
      label: 'Sign out everywhere',
      confirm: () => store.endAllSessions(),
    });
  }

  const el = h('section', { class: 'profile-panel', 'data-testid': 'profile-panel', 'aria-label': 'Profile' },
    h('header', { class: 'drawer-header' },
      h('button', {
        type: 'button', class: 'icon-btn', 'data-testid': 'profile-back', 'aria-label': 'Back to chats',
        title: 'Back', on: { click: onClose },
      }, icon('back')),
      h('h2', {}, 'Profile')),
    h('div', { class: 'profile-body' }, bigAvatar, username, form, privacy, devices));

  /** Counters and errors for what the fields hold now (a failed save's error goes once its field changes). */
  function changed() {
    const { errors } = checkProfile(name.input.value, about.input.value);
    for (const [part, error] of [[name, errors.name], [about, errors.about]]) {
      const left = charactersLeft(part.input.value, part.max);
      setText(part.counter, String(left));
      part.counter.classList.toggle('over', left < 0);
      showError(part, error);
    }
  }

  /** Typing: what was said about the last save no longer applies. */
  function typed() {
    changed();
    setText(status, '');
  }

  function showError(part, error) {
    setText(part.error, error ?? '');
    part.error.hidden = !error;
    setAttr(part.input, 'aria-invalid', error ? 'true' : null);
  }

  async function submit() {
    if (saving) return;
    const { fields, errors } = checkProfile(name.input.value, about.input.value);
    showError(name, errors.name);
    showError(about, errors.about);
    if (errors.name || errors.about) {
      (errors.name ? name : about).input.focus();
      return;
    }
    saving = true;
    save.disabled = true;
    setText(status, 'Saving…');
    const error = await store.updateProfile(fields);
    saving = false;
    save.disabled = false;
    if (!error) {
      setText(status, 'Saved.');
      fill(store.state.me);
      return;
    }
    setText(status, '');
    // The server names the field it refused; anything else (too many changes, no connection) goes under the form.
    const text = chatErrorText(error);
    if (/display_name/.test(error.message ?? '')) showError(name, text.replace(/^Display_name/, 'Your name'));
    else if (/about/.test(error.message ?? '')) showError(about, text.replace(/^About/, 'About'));
    else setText(status, text);
  }

  function fill(me) {
    name.input.value = me?.display_name ?? '';
    about.input.value = me?.about ?? '';
    changed();
  }

  let shownFor = null;
  return {
    el,
    update(state) {
      const me = state.me;
      const key = JSON.stringify([me.username, me.display_name ?? null, me.about ?? null]);
      if (shownFor === key) return;
      shownFor = key;
      bigAvatar.replaceChildren(avatar(me.username, { size: 'xl', label: me.display_name || me.username }));
      setText(username, `Username: ${me.username}`);
    },
    /** Starts from my profile as it is each time the drawer opens. */
    reset() {
      fill(store.state.me);
      setText(status, '');
      setText(privacyStatus, '');
      setText(devicesStatus, '');
      loadSettings();
      loadDevices();
    },
    focus() {
      name.input.focus();
    },
  };
}
