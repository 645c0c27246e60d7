// Small DOM helpers. Text always goes in through textContent, never as HTML.

/** The element with this id (the page's structure is in index.html). */
export const byId = (id) => document.getElementById(id);

/**
 * Builds an element: `el('td', { className: 'number' }, '42')`. Props are set as properties
 * (`dataset` and `on*` handlers included); string children become text nodes.
 */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === 'dataset') Object.assign(node.dataset, value);
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else node[key] = value;
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    node.append(
      typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child,
    );
  }
  return node;
}

/** Sets a node's text (escaped by the DOM), replacing what it had. */
export function setText(node, text) {
  node.textContent = text ?? '';
}

/** Shows a short message in the page header; errors are styled as such. */
export function notify(message, kind = 'info') {
  const notice = byId('notice');
  notice.textContent = message;
  notice.className = kind;
}

/** Calls `fn` once input has paused for `ms`. */
export function debounce(fn, ms) {
  let timer;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}
