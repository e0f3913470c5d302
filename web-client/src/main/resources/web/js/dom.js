// DOM building without HTML strings: every string child becomes a text node, so data from the server can
// never turn into markup (the CSP forbids inline script anyway, but text is the first line of defence).

const SVG_NS = 'http://www.w3.org/2000/svg';

/**
 * Creates an element. Props: `class`, `dataset` (object), `on` (event name → listener), `aria-*`, `data-*`
 * and other attributes by name; `true` sets an empty attribute, `false`/`null`/`undefined` leave it out.
 * Properties that are not attributes (`value`, `checked`, `disabled`, `hidden`) are assigned directly.
 */
export function h(tag, props, ...children) {
  return build(document.createElement(tag), props, children);
}

/** Same as {@link h} for SVG elements (icons), which need their namespace. */
export function svg(tag, props, ...children) {
  return build(document.createElementNS(SVG_NS, tag), props, children);
}

const PROPERTIES = new Set(['value', 'checked', 'disabled', 'hidden', 'tabIndex']);

function build(el, props, children) {
  for (const [name, value] of Object.entries(props ?? {})) {
    if (name === 'on') {
      for (const [event, listener] of Object.entries(value)) el.addEventListener(event, listener);
    } else if (name === 'dataset') {
      Object.assign(el.dataset, value);
    } else if (PROPERTIES.has(name)) {
      el[name] = value;
    } else if (value === true) {
      el.setAttribute(name, '');
    } else if (value !== false && value != null) {
      el.setAttribute(name, String(value));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child == null || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces an element's children, with the same child rules as {@link h} (null and false are skipped). */
export function replaceChildren(el, ...children) {
  el.replaceChildren();
  append(el, children);
}

/** Sets an element's text only when it differs, so re-renders do not disturb selection or screen readers. */
export function setText(el, text) {
  const value = text ?? '';
  if (el.textContent !== value) el.textContent = value;
}

/** Sets or removes an attribute only when it changes. */
export function setAttr(el, name, value) {
  if (value == null || value === false) {
    if (el.hasAttribute(name)) el.removeAttribute(name);
  } else {
    const text = value === true ? '' : String(value);
    if (el.getAttribute(name) !== text) el.setAttribute(name, text);
  }
}

/**
 * Keyed reconciliation: makes `parent`'s children the nodes for `items`, in order. A node is found again by its
 * `data-key`, so it survives re-renders (focus, scroll anchoring and CSS transitions stay intact); `create`
 * builds a new node and `update` brings an existing one up to date. Nodes for keys no longer present are removed
 * first, so that the nodes which stay are moved only when their order changed.
 */
export function reconcile(parent, items, keyOf, create, update) {
  const keys = new Set(items.map((item) => String(keyOf(item))));
  const existing = new Map();
  for (const child of [...parent.children]) {
    // Gone first: were they still there, every node after one would be moved past it, losing its focus.
    if (keys.has(child.dataset.key)) existing.set(child.dataset.key, child);
    else child.remove();
  }
  let cursor = parent.firstElementChild;
  for (const item of items) {
    const key = String(keyOf(item));
    let node = existing.get(key);
    if (node) {
      existing.delete(key);
      update(node, item);
    } else {
      node = create(item);
      node.dataset.key = key;
      update(node, item);
    }
    if (node === cursor) {
      cursor = cursor.nextElementSibling;
    } else {
      parent.insertBefore(node, cursor);
    }
  }
}

/**
 * Arrow keys move focus between the `selector` items of a list, Home/End jump to its ends, as in a listbox or menu.
 * A key it handles goes no further, so a menu inside a list moves within the menu only.
 */
export function arrowNavigation(container, selector) {
  container.addEventListener('keydown', (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return; // Alt+Arrow and the like are the app's shortcuts
    const items = [...container.querySelectorAll(selector)];
    const index = items.indexOf(document.activeElement);
    const target = {
      ArrowDown: items[index + 1], ArrowUp: items[index - 1], Home: items[0], End: items.at(-1),
    }[event.key];
    if (target) {
      event.preventDefault();
      event.stopPropagation();
      target.focus();
    }
  });
}

/**
 * Makes the items of `container` one Tab stop (a "roving" tabindex; arrows move between them): the item with focus,
 * else the one focus was last on (until another item becomes the current one, `aria-current`), else the current one,
 * else the first that shows. Returns the function to call after each render.
 */
export function rovingTabStop(container, selector) {
  let last = null;
  let current = null;
  const refresh = () => {
    const items = [...container.querySelectorAll(selector)];
    const shown = items.filter((item) => !item.closest('[hidden]'));
    const focused = shown.find((item) => item === document.activeElement);
    const nowCurrent = shown.find((item) => item.getAttribute('aria-current') === 'true') ?? null;
    if (focused) last = focused;
    else if (nowCurrent !== current) last = null; // another chat opened: Tab leads to it
    current = nowCurrent;
    const stop = focused ?? (shown.includes(last) ? last : null) ?? current ?? shown[0];
    for (const item of items) {
      const tabIndex = item === stop ? 0 : -1;
      if (item.tabIndex !== tabIndex) item.tabIndex = tabIndex;
    }
  };
  container.addEventListener('focusin', refresh);
  return refresh;
}
