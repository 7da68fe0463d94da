// Baton sandbox page. Plain ES module, no build step, no innerHTML: every piece of data goes
// into the DOM through textContent / setAttribute, so a lead named "<script>" stays text.

const $ = (id) => /** @type {HTMLElement} */ (document.getElementById(id));

/** h('div', { class: 'x', onclick: fn }, child, 'text') -> element. Strings become text nodes. */
function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [key, value] of Object.entries(attrs)) {
      if (value === undefined || value === null || value === false) continue;
      if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
      else if (key === 'dataset') Object.assign(el.dataset, value);
      else el.setAttribute(key, value === true ? '' : String(value));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** Re-render a container without losing keyboard focus on an element that has a data-focus key. */
function keepFocus(container, render) {
  const active = document.activeElement;
  const key = active instanceof HTMLElement && container.contains(active) ? active.dataset.focus : undefined;
  render();
  if (key !== undefined) container.querySelector(`[data-focus="${CSS.escape(key)}"]`)?.focus();
}

// ---------------------------------------------------------------------------------------------
// State

let state = null;
let clockOffset = 0; // Baton's clock minus this browser's clock, from the last /sandbox/state
let selectedPerson = '';
let selectedTab = 'lead_sheet';
let actingAs = ''; // who clicks: the inbox owner unless another person is chosen
let selectedView = 'messages'; // 'messages' or 'home'
const seen = new Map(); // person id -> Map(message key -> signature the person has seen)
const renderedMessages = new Map(); // message key -> { sig, node }
let previousTabs = {};
let firstRender = true;

const EMOJI = {
  incoming_envelope: '📨',
  arrows_counterclockwise: '🔄',
  alarm_clock: '⏰',
  stopwatch: '⏱️',
  white_check_mark: '✅',
  arrow_right: '➡️',
  rotating_light: '🚨',
  warning: '⚠️',
  x: '❌',
  repeat: '🔁',
  wave: '👋',
  tada: '🎉',
  eyes: '👀',
  large_green_circle: '🟢',
  white_circle: '⚪',
  palm_tree: '🌴',
  telephone_receiver: '📞',
  thinking_face: '🤔',
};

const AVATAR_COLORS = ['#2563eb', '#0d9488', '#c026d3', '#ea580c', '#4f46e5', '#059669', '#db2777', '#0891b2'];

function colorFor(id) {
  let hash = 0;
  for (const ch of String(id)) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return AVATAR_COLORS[hash % AVATAR_COLORS.length];
}

function initials(name) {
  const words = String(name).replace(/\(.*?\)/g, '').trim().split(/\s+/).filter(Boolean);
  return ((words[0]?.[0] ?? '?') + (words[1]?.[0] ?? '')).toUpperCase();
}

function displayName(name) {
  return String(name).replace(/\s*\(.*?\)\s*/g, ' ').trim();
}

function personName(id) {
  const person = state?.people.find((p) => p.id === id);
  return person ? displayName(person.name) : id;
}

// ---------------------------------------------------------------------------------------------
// Time

function timeZone() {
  const zone = state?.settings?.timeZone || 'UTC';
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: zone });
    return zone;
  } catch {
    return 'UTC';
  }
}

function formatClock(ms) {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone: timeZone(),
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).format(ms);
}

function formatTime(ms) {
  return new Intl.DateTimeFormat('en-GB', { timeZone: timeZone(), hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(ms);
}

/** A wall-clock instant (when the Slack stand-in stored a message) on Baton's skippable clock. */
function batonTime(wallMs) {
  let skipped = 0;
  for (const skip of state?.clockSkips ?? []) if (skip.at <= wallMs) skipped += skip.minutes;
  return wallMs + skipped * 60_000;
}

function describeMinutes(minutes) {
  if (minutes % 1440 === 0) return `${minutes / 1440} d`;
  if (minutes >= 60 && minutes % 60 === 0) return `${minutes / 60} h`;
  if (minutes > 60) return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
  return `${minutes} min`;
}

function tickClock() {
  if (!state) return;
  const now = Date.now() + clockOffset;
  const el = $('clock-time');
  el.textContent = formatClock(now);
  el.setAttribute('datetime', new Date(now).toISOString());
}

// ---------------------------------------------------------------------------------------------
// Slack mrkdwn -> DOM

const decodeEntities = (text) => text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

const SAFE_URL = /^(https?:|mailto:|tel:)/i;

// Earliest match wins; bold/italic/strike need word boundaries like Slack's.
const INLINE =
  /`([^`\n]+)`|<([^<>\n]+)>|(?<![\w*])\*(?!\s)([^*\n]+?)\*(?![\w*])|(?<![\w_])_(?!\s)([^_\n]+?)_(?![\w_])|(?<![\w~])~(?!\s)([^~\n]+?)~(?![\w~])|:([a-z0-9_+-]+):/;

function renderInline(text, parent) {
  let rest = text;
  while (rest.length > 0) {
    const match = INLINE.exec(rest);
    if (!match) {
      parent.append(decodeEntities(rest));
      return;
    }
    if (match.index > 0) parent.append(decodeEntities(rest.slice(0, match.index)));
    const [whole, code, angle, bold, italic, strike, emoji] = match;
    if (code !== undefined) parent.append(h('code', null, decodeEntities(code)));
    else if (angle !== undefined) parent.append(renderAngle(angle));
    else if (bold !== undefined) renderInline(bold, parent.appendChild(h('strong')));
    else if (italic !== undefined) renderInline(italic, parent.appendChild(h('em')));
    else if (strike !== undefined) renderInline(strike, parent.appendChild(h('s')));
    else if (emoji !== undefined) {
      const glyph = EMOJI[emoji];
      parent.append(glyph ? h('span', { class: 'emoji', role: 'img', 'aria-label': emoji.replace(/_/g, ' ') }, glyph) : whole);
    }
    rest = rest.slice(match.index + whole.length);
  }
}

function renderAngle(inner) {
  const bar = inner.indexOf('|');
  const target = bar >= 0 ? inner.slice(0, bar) : inner;
  const label = bar >= 0 ? inner.slice(bar + 1) : '';
  if (target.startsWith('@')) {
    const id = target.slice(1);
    return h('span', { class: 'mention', title: id }, `@${label ? decodeEntities(label) : personName(id)}`);
  }
  if (target.startsWith('#')) return h('span', { class: 'mention' }, `#${decodeEntities(label || target.slice(1))}`);
  if (target.startsWith('!')) return h('span', { class: 'mention' }, `@${decodeEntities(label || target.slice(1).split('^')[0])}`);
  const url = decodeEntities(target);
  const text = decodeEntities(label || target.replace(/^mailto:|^tel:/, ''));
  if (!SAFE_URL.test(url)) return document.createTextNode(text);
  const external = /^https?:/i.test(url);
  return h('a', { href: url, ...(external ? { target: '_blank', rel: 'noopener noreferrer' } : {}) }, text);
}

/** Lines -> paragraphs, with runs of "> " lines as one blockquote; ```fenced``` text as Slack's preformatted block. */
function mrkdwn(text, className) {
  const fenced = String(text ?? '').split('```');
  if (fenced.length > 2) {
    const root = h('div', { class: className ? `mrkdwn ${className}` : 'mrkdwn' });
    fenced.forEach((part, i) => {
      if (i % 2 === 1 && i < fenced.length - 1) root.append(h('pre', null, decodeEntities(part)));
      else if (part.trim() !== '') root.append(...mrkdwnLines(part).childNodes);
    });
    return root;
  }
  return mrkdwnLines(String(text ?? ''), className);
}

function mrkdwnLines(text, className) {
  const root = h('div', { class: className ? `mrkdwn ${className}` : 'mrkdwn' });
  let para = null;
  let quote = null;
  for (const line of String(text ?? '').split('\n')) {
    if (line.startsWith('>')) {
      para = null;
      if (quote) quote.append(h('br'));
      else quote = root.appendChild(h('blockquote'));
      renderInline(line.replace(/^> ?/, ''), quote);
    } else {
      quote = null;
      if (para) para.append(h('br'));
      else para = root.appendChild(h('p'));
      renderInline(line, para);
    }
  }
  return root;
}

function textObject(obj, className) {
  if (!obj) return null;
  if (obj.type === 'plain_text') return h('div', { class: className ? `plain ${className}` : 'plain' }, obj.text ?? '');
  return mrkdwn(obj.text ?? '', className);
}

// ---------------------------------------------------------------------------------------------
// Block Kit -> DOM

function renderBlocks(message, person) {
  const wrap = h('div', { class: 'blocks' });
  const blocks = Array.isArray(message.blocks) ? message.blocks : [];
  if (blocks.length === 0) {
    wrap.append(mrkdwn(message.text));
    return wrap;
  }
  for (const block of blocks) {
    const node = renderBlock(block, message, person);
    if (node) wrap.append(node);
  }
  return wrap;
}

function renderBlock(block, message, person) {
  switch (block?.type) {
    case 'header':
      return h('div', { class: 'block block-header' }, block.text?.text ?? '');
    case 'divider':
      return h('hr', { class: 'block block-divider' });
    case 'section': {
      const el = h('div', { class: 'block block-section' });
      if (block.text) el.append(textObject(block.text));
      if (Array.isArray(block.fields) && block.fields.length > 0) {
        el.append(h('div', { class: 'fields' }, block.fields.map((field) => textObject(field, 'field'))));
      }
      if (block.accessory?.type === 'button') el.append(h('div', { class: 'accessory' }, renderButton(block.accessory, block, message, person)));
      return el;
    }
    case 'context':
      return h(
        'div',
        { class: 'block block-context' },
        (block.elements ?? []).map((element) =>
          element.type === 'image' ? h('span', { class: 'context-image', 'aria-hidden': 'true' }) : textObject(element, 'context-item'),
        ),
      );
    case 'actions':
      return h(
        'div',
        { class: 'block block-actions' },
        (block.elements ?? [])
          .filter((element) => element.type === 'button' || element.type === 'datepicker')
          .map((element) => (element.type === 'datepicker' ? renderDatepicker(element, message, person) : renderButton(element, block, message, person))),
      );
    case 'image':
      return h('div', { class: 'block block-context' }, `[image: ${block.alt_text ?? ''}]`);
    default:
      return block?.text ? h('div', { class: 'block' }, textObject(block.text)) : null;
  }
}

/** What a click sends: where it happened (a DM or someone's Home) and who clicks. */
function clickTarget(message, person) {
  return message.isHome
    ? { user: person, actor: actingAs || person, view: 'home' }
    : { user: person, actor: actingAs || person, channel: message.channel, ts: message.ts };
}

function renderDatepicker(element, message, person) {
  const input = h('input', { type: 'date', class: 'slack-datepicker', 'aria-label': element.placeholder?.text ?? 'Pick a date', dataset: { actionId: element.action_id ?? '' } });
  input.addEventListener('change', async () => {
    if (!input.value) return;
    const result = await postJson('/sandbox/click', { ...clickTarget(message, person), action_id: element.action_id ?? '', selected_date: input.value });
    if (!result.ok) toast(`Click failed: ${result.body?.error ?? result.status}`, 'error');
  });
  return input;
}

function renderButton(element, block, message, person) {
  const style = element.style === 'primary' ? ' slack-button-primary' : element.style === 'danger' ? ' slack-button-danger' : '';
  const label = element.text?.text ?? element.action_id;
  if (element.url) {
    return h('a', { class: `slack-button${style}`, href: SAFE_URL.test(element.url) ? element.url : '#', target: '_blank', rel: 'noopener noreferrer' }, label);
  }
  const button = h(
    'button',
    {
      type: 'button',
      class: `slack-button${style}`,
      dataset: { actionId: element.action_id ?? '' },
      onclick: async () => {
        button.disabled = true;
        button.classList.add('is-busy');
        button.setAttribute('aria-busy', 'true');
        try {
          const result = await postJson('/sandbox/click', {
            ...clickTarget(message, person),
            action_id: element.action_id ?? '',
            value: element.value ?? '',
          });
          if (!result.ok) throw new Error(result.body?.error ?? `HTTP ${result.status}`);
          if (result.body?.slackStatus && result.body.slackStatus >= 300) throw new Error(`Baton answered HTTP ${result.body.slackStatus}`);
          // The edited message (or an ephemeral reply) arrives over the live stream.
          setTimeout(() => {
            if (button.isConnected) {
              button.disabled = false;
              button.classList.remove('is-busy');
              button.removeAttribute('aria-busy');
            }
          }, 4000);
        } catch (error) {
          button.disabled = false;
          button.classList.remove('is-busy');
          button.removeAttribute('aria-busy');
          toast(`Click failed: ${error.message}`, 'error');
        }
      },
    },
    label,
  );
  return button;
}

// ---------------------------------------------------------------------------------------------
// Inboxes

const messageKey = (m) => `${m.ephemeral ? 'e' : 'm'}:${m.channel}:${m.ts}`;
const messageSig = (m) => `${m.updatedAt ?? m.postedAt}:${m.history?.length ?? 0}`;

function rosterRows() {
  const rows = state?.tabs?.sales_sheet ?? [];
  const header = (rows[0] ?? []).map((cell) => String(cell).toLowerCase());
  const col = (name) => header.indexOf(name);
  return rows.slice(1).map((row) => ({
    name: String(row[col('name')] ?? ''),
    email: String(row[col('email')] ?? ''),
    slackId: String(row[col('slack_id')] ?? ''),
    active: /^(on|true|yes|1)$/i.test(String(row[col('active')] ?? '').trim()),
  }));
}

function roleOf(personId) {
  const rep = rosterRows().find((r) => r.slackId === personId);
  if (rep) return rep.active ? 'Rep · active' : 'Rep · inactive';
  const person = state?.people.find((p) => p.id === personId);
  return /manager/i.test(person?.name ?? '') ? 'Manager' : 'Member';
}

function unreadCount(personId) {
  const inbox = state?.inboxes?.[personId] ?? [];
  const seenFor = seen.get(personId) ?? new Map();
  return inbox.filter((m) => seenFor.get(messageKey(m)) !== messageSig(m)).length;
}

function markSeen(personId) {
  const seenFor = new Map();
  for (const m of state?.inboxes?.[personId] ?? []) seenFor.set(messageKey(m), messageSig(m));
  seen.set(personId, seenFor);
}

function selectPerson(id, focus) {
  selectedPerson = id;
  actingAs = id;
  if (selectedView === 'home') openHome();
  renderedMessages.clear();
  $('messages').replaceChildren();
  renderInboxes(true);
  if (focus) document.querySelector(`#people [data-person="${CSS.escape(id)}"]`)?.focus();
}

function renderPeople() {
  const list = $('people');
  const people = state.people;
  const buttons = people.map((person) => {
    const selected = person.id === selectedPerson;
    const unread = selected ? 0 : unreadCount(person.id);
    const role = roleOf(person.id);
    const inactive = role === 'Rep · inactive';
    return h(
      'button',
      {
        type: 'button',
        role: 'tab',
        id: `tab-${person.id}`,
        class: `person${selected ? ' is-selected' : ''}${inactive ? ' is-inactive' : ''}`,
        'aria-selected': selected ? 'true' : 'false',
        'aria-controls': 'conversation',
        tabindex: selected ? '0' : '-1',
        dataset: { person: person.id, focus: person.id },
        onclick: () => selectPerson(person.id, false),
      },
      h('span', { class: 'avatar avatar-sm', style: `background:${colorFor(person.id)}`, 'aria-hidden': 'true' }, initials(person.name), h('span', { class: `presence${inactive ? ' is-away' : ''}` })),
      h('span', { class: 'person-text' }, h('span', { class: 'person-name' }, displayName(person.name)), h('span', { class: 'person-role' }, role)),
      unread > 0 ? h('span', { class: 'badge' }, h('span', { class: 'sr-only' }, ', '), String(unread), h('span', { class: 'sr-only' }, ' unread')) : null,
    );
  });
  keepFocus(list, () => list.replaceChildren(...buttons));
}

function renderMessage(message, person) {
  const edited = message.updatedAt !== undefined && message.updatedAt !== null;
  const posted = batonTime(message.postedAt ?? 0);
  const meta = h(
    'div',
    { class: 'msg-meta' },
    h('span', { class: 'msg-author' }, 'Baton'),
    h('span', { class: 'app-tag' }, 'APP'),
    h('time', { class: 'msg-time', datetime: new Date(posted).toISOString(), title: new Date(posted).toISOString() }, formatTime(posted)),
    message.thread_ts ? h('span', { class: 'thread-tag' }, 'reply in thread') : null,
  );
  const body = h('div', { class: 'msg-body' }, meta);
  if (message.ephemeral) body.prepend(h('div', { class: 'ephemeral-tag' }, h('span', { 'aria-hidden': 'true' }, '👁'), ' Only visible to you'));
  const blocks = body.appendChild(renderBlocks(message, person));
  if (edited) {
    // Slack puts "(edited)" right after the last line of text.
    const tag = h('span', { class: 'edited', title: `Edited at ${formatTime(batonTime(message.updatedAt))}` }, '(edited)');
    const lastText = [...blocks.querySelectorAll('.mrkdwn > p, .mrkdwn > blockquote, .plain')].pop();
    if (lastText) lastText.append(' ', tag);
    else body.append(tag);
  }
  return h(
    'article',
    {
      class: `msg${message.ephemeral ? ' msg-ephemeral' : ''}${edited ? ' msg-edited' : ''}`,
      dataset: { ts: message.ts, channel: message.channel, key: messageKey(message) },
      'aria-label': `${message.ephemeral ? 'Ephemeral message' : 'Message'} from Baton${edited ? ', edited' : ''}`,
    },
    h('span', { class: 'avatar avatar-bot', 'aria-hidden': 'true' }, h('span', { class: 'brand-mark brand-mark-sm' })),
    body,
  );
}

function renderInboxes(switched) {
  if (!state.people.some((p) => p.id === selectedPerson)) selectedPerson = state.people[0]?.id ?? '';
  const person = state.people.find((p) => p.id === selectedPerson);
  const inbox = state.inboxes[selectedPerson] ?? [];

  $('conversation').setAttribute('aria-labelledby', `tab-${selectedPerson}`);
  $('conversation-title').textContent = person ? `Baton → ${displayName(person.name)}` : 'No people';
  $('conversation-sub').textContent = person ? `Direct messages · ${roleOf(person.id)} · ${person.id}` : '';
  if (!state.people.some((p) => p.id === actingAs)) actingAs = selectedPerson;
  const actor = state.people.find((p) => p.id === actingAs);
  $('acting-as').replaceChildren(actor ? h('span', { class: 'avatar avatar-xs', style: `background:${colorFor(actor.id)}`, 'aria-hidden': 'true' }, initials(actor.name)) : '');
  const select = /** @type {HTMLSelectElement} */ ($('acting-as-select'));
  if (document.activeElement !== select) {
    select.replaceChildren(...state.people.map((p) => h('option', { value: p.id }, `${displayName(p.name)}${p.id === selectedPerson ? ' (this inbox)' : ''}`)));
    select.value = actingAs;
  }
  renderHome();
  renderModal();

  const container = $('messages');
  const nearBottom = container.scrollHeight - container.scrollTop - container.clientHeight < 80;
  const seenFor = seen.get(selectedPerson) ?? new Map();
  const nodes = [];
  const keep = new Set();
  for (const message of inbox) {
    const key = messageKey(message);
    const sig = messageSig(message);
    keep.add(key);
    let entry = renderedMessages.get(key);
    if (!entry || entry.sig !== sig) {
      const node = renderMessage(message, selectedPerson);
      if (!switched && !firstRender && seenFor.get(key) !== sig) node.classList.add('is-fresh');
      entry = { sig, node };
      renderedMessages.set(key, entry);
    }
    nodes.push(entry.node);
  }
  for (const key of renderedMessages.keys()) if (!keep.has(key)) renderedMessages.delete(key);

  if (nodes.length === 0) {
    container.replaceChildren(
      h(
        'div',
        { class: 'empty' },
        h('div', { class: 'empty-icon', 'aria-hidden': 'true' }, '📭'),
        h('p', { class: 'empty-title' }, `No messages for ${person ? displayName(person.name) : 'anyone'} yet`),
        h('p', null, 'Submit a lead: Baton assigns it round-robin to the next active rep and DMs them here.'),
      ),
    );
  } else {
    // Move existing nodes in order; untouched messages keep their DOM (and focus).
    container.querySelector('.empty')?.remove();
    nodes.forEach((node, i) => {
      if (container.children[i] !== node) container.insertBefore(node, container.children[i] ?? null);
    });
    while (container.children.length > nodes.length) container.lastElementChild?.remove();
  }
  if (switched) container.scrollTop = container.scrollHeight;
  else if (nearBottom) container.scrollTo({ top: container.scrollHeight, behavior: matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth' });

  markSeen(selectedPerson);
  renderPeople();
}

// ---------------------------------------------------------------------------------------------
// App Home, the view switch and the /baton box

function renderHome() {
  const container = $('home');
  const messagesBox = $('messages');
  const showHome = selectedView === 'home';
  container.hidden = !showHome;
  messagesBox.hidden = showHome;
  for (const [id, view] of [['view-messages', 'messages'], ['view-home', 'home']]) {
    const tab = $(id);
    tab.classList.toggle('is-selected', selectedView === view);
    tab.setAttribute('aria-selected', selectedView === view ? 'true' : 'false');
  }
  if (!showHome) return;
  const view = state.homes?.[selectedPerson];
  const signature = view ? JSON.stringify(view.blocks) : '';
  if (container.dataset.person === selectedPerson && container.dataset.sig === signature && container.dataset.actor === actingAs) return;
  container.dataset.person = selectedPerson;
  container.dataset.sig = signature;
  container.dataset.actor = actingAs;
  container.replaceChildren(view ? renderBlocks({ isHome: true, channel: '', ts: '', blocks: view.blocks }, selectedPerson) : h('div', { class: 'empty' }, h('p', null, 'Opening Home…')));
}

// Modals (views.open): shown to the person who clicked, submitted as Slack's view_submission.

function renderModal() {
  const box = $('modal');
  const actor = actingAs || selectedPerson;
  const modal = [...(state.modals ?? [])].reverse().find((one) => one.user === actor);
  if (!modal) {
    box.hidden = true;
    box.dataset.id = '';
    return;
  }
  // Re-rendering an open modal would lose what was typed into it.
  if (box.dataset.id === modal.id && !box.hidden) return;
  box.dataset.id = modal.id;
  box.hidden = false;
  const view = modal.view;
  const form = h(
    'form',
    { class: 'modal-card', onsubmit: (event) => submitModal(event, modal) },
    h('header', { class: 'modal-head' }, h('h3', { id: 'modal-title' }, view.title?.text ?? ''), h('span', { class: 'modal-who' }, `as ${displayName(personName(actor))}`)),
    h('div', { class: 'modal-body' }, (view.blocks ?? []).map((block) => renderModalBlock(block))),
    h(
      'footer',
      { class: 'modal-foot' },
      h('button', { type: 'button', class: 'button', onclick: () => closeModal(modal) }, view.close?.text ?? 'Cancel'),
      h('button', { type: 'submit', class: 'button button-dark' }, view.submit?.text ?? 'Submit'),
    ),
  );
  box.replaceChildren(form);
  box.querySelector('input, textarea, select')?.focus();
}

function renderModalBlock(block) {
  if (block.type !== 'input') return renderBlock(block, { channel: '', ts: '', blocks: [] }, selectedPerson);
  const element = block.element ?? {};
  const id = `modal-${block.block_id}-${element.action_id}`;
  const placeholder = element.placeholder?.text ?? 'Choose…';
  let control;
  if (element.type === 'plain_text_input') control = element.multiline ? h('textarea', { id, rows: '3' }) : h('input', { id });
  else if (element.type === 'static_select') control = h('select', { id }, h('option', { value: '' }, placeholder), (element.options ?? []).map((option) => h('option', { value: option.value }, option.text?.text ?? option.value)));
  else if (element.type === 'users_select') control = h('select', { id }, h('option', { value: '' }, placeholder), state.people.map((person) => h('option', { value: person.id }, displayName(person.name))));
  else control = h('span', { id }, `[${element.type}]`);
  if (typeof element.initial_value === 'string' && 'value' in control) control.value = element.initial_value;
  Object.assign(control.dataset, { block: block.block_id ?? '', action: element.action_id ?? '', type: element.type ?? '' });
  return h(
    'div',
    { class: 'modal-input', dataset: { blockId: block.block_id ?? '' } },
    h('label', { for: id }, `${block.label?.text ?? ''}${block.optional ? ' (optional)' : ''}`),
    control,
    block.hint ? h('p', { class: 'hint' }, block.hint.text ?? '') : null,
    h('p', { class: 'field-error' }),
  );
}

async function submitModal(event, modal) {
  event.preventDefault();
  const values = {};
  for (const control of $('modal').querySelectorAll('[data-block]')) {
    const { block, action, type } = control.dataset;
    const value = control.value ?? '';
    const entry =
      type === 'plain_text_input'
        ? { type, value }
        : type === 'static_select'
          ? { type, selected_option: value ? { value, text: { type: 'plain_text', text: control.selectedOptions?.[0]?.textContent ?? value } } : null }
          : type === 'users_select'
            ? { type, selected_user: value || null }
            : { type };
    values[block] = { ...(values[block] ?? {}), [action]: entry };
  }
  const result = await postJson('/sandbox/modal', { id: modal.id, values });
  for (const node of $('modal').querySelectorAll('.field-error')) node.textContent = '';
  if (!result.ok) {
    toast(`Submit failed: ${result.body?.error ?? result.status}`, 'error');
    return;
  }
  const errors = result.body?.errors;
  if (errors) {
    for (const [blockId, message] of Object.entries(errors)) {
      const field = $('modal').querySelector(`.modal-input[data-block-id="${CSS.escape(blockId)}"] .field-error`);
      if (field) field.textContent = String(message);
    }
    return;
  }
  $('modal').hidden = true;
  await refresh();
}

async function closeModal(modal) {
  await postJson('/sandbox/modal', { id: modal.id, action: 'close' });
  $('modal').hidden = true;
  await refresh();
}

async function openHome() {
  const result = await postJson('/sandbox/home', { user: selectedPerson });
  if (!result.ok) toast(`Could not open Home: ${result.body?.error ?? result.status}`, 'error');
}

function showView(view) {
  selectedView = view;
  renderHome();
  if (view === 'home') openHome();
}

async function sendCommand(event) {
  event.preventDefault();
  const input = /** @type {HTMLInputElement} */ ($('command-input'));
  const text = input.value.trim();
  if (!text) return;
  const result = await postJson('/sandbox/command', { user: selectedPerson, text });
  if (!result.ok) {
    toast(`Command failed: ${result.body?.error ?? result.status}`, 'error');
    return;
  }
  input.value = '';
  // The answer is private, in this person's messages.
  if (selectedView !== 'messages') showView('messages');
}

// ---------------------------------------------------------------------------------------------
// Roster and activity

function nextUpId() {
  const reps = rosterRows();
  const routing = Object.fromEntries((state.tabs.routing_state_sheet ?? []).slice(1).map((row) => [String(row[0]), String(row[1] ?? '')]));
  const last = reps.findIndex((r) => r.slackId === routing.last_slack_id);
  const order = last >= 0 ? [...reps.slice(last + 1), ...reps.slice(0, last + 1)] : reps;
  return order.find((r) => r.active)?.slackId ?? '';
}

function renderRoster() {
  const reps = rosterRows();
  const next = nextUpId();
  const items = reps.map((rep) =>
    h(
      'li',
      { class: `rep${rep.active ? '' : ' is-inactive'}` },
      h('span', { class: 'avatar', style: `background:${colorFor(rep.slackId)}`, 'aria-hidden': 'true' }, initials(rep.name)),
      h(
        'span',
        { class: 'rep-text' },
        h('span', { class: 'rep-name' }, rep.name || rep.slackId, rep.slackId === next ? h('span', { class: 'chip chip-accent' }, 'next up') : null),
        h('span', { class: 'rep-meta' }, [rep.email, rep.slackId].filter(Boolean).join(' · ')),
      ),
      h(
        'button',
        {
          type: 'button',
          role: 'switch',
          class: 'switch',
          dataset: { focus: rep.slackId },
          'aria-checked': rep.active ? 'true' : 'false',
          'aria-label': `${rep.name || rep.slackId} active`,
          title: rep.active ? 'Active: gets new leads. Click to switch OFF.' : 'Off: gets no leads. Click to switch ON.',
          onclick: async (event) => {
            const button = event.currentTarget;
            button.disabled = true;
            const result = await postJson('/sandbox/roster', { action: 'toggle', slack_id: rep.slackId });
            button.disabled = false;
            if (!result.ok) toast(result.body?.error ?? 'Could not change the roster', 'error');
            else toast(`${rep.name} switched ${rep.active ? 'OFF' : 'ON'} in sales_sheet`);
            await refresh();
          },
        },
        h('span', { class: 'switch-track', 'aria-hidden': 'true' }, h('span', { class: 'switch-thumb' })),
        h('span', { class: 'switch-label', 'aria-hidden': 'true' }, rep.active ? 'ON' : 'OFF'),
      ),
    ),
  );
  keepFocus($('roster'), () => $('roster').replaceChildren(...(items.length ? items : [h('li', { class: 'muted' }, 'No reps in sales_sheet.')])));
}

const EVENT_LABELS = {
  'lead.assigned': ['Assigned', 'blue'],
  'lead.contacted': ['Contacted', 'green'],
  'lead.rerouted': ['Re-routed', 'amber'],
  'lead.escalated': ['Escalated', 'red'],
  'lead.duplicate': ['Duplicate', 'grey'],
  'lead.unassigned': ['Waiting', 'red'],
  'lead.reminded': ['Reminder', 'amber'],
};

function humanize(text) {
  // Audit details mention reps by Slack id; show names the way Slack would.
  return String(text).replace(/\bU[A-Z0-9]{2,}\b/g, (id) => (state.people.some((p) => p.id === id) ? personName(id) : id));
}

function leadNames() {
  const rows = state.tabs.lead_sheet ?? [];
  const header = rows[0] ?? [];
  const id = header.indexOf('lead_id');
  const name = header.indexOf('name');
  return new Map(rows.slice(1).map((row) => [String(row[id] ?? ''), String(row[name] ?? '')]));
}

function renderActivity() {
  const rows = state.tabs.audit_log ?? [];
  const header = (rows[0] ?? []).map(String);
  const col = (name) => header.indexOf(name);
  const names = leadNames();
  const entries = rows.slice(1).slice(-8).reverse();
  const items = entries.map((row) => {
    const event = String(row[col('event')] ?? '');
    const [label, tone] = EVENT_LABELS[event] ?? [event.replace(/^lead\./, '').replace(/[._]/g, ' ') || 'event', 'grey'];
    const at = Date.parse(String(row[col('at')] ?? ''));
    const leadId = String(row[col('lead_id')] ?? '');
    return h(
      'li',
      { class: 'activity-item' },
      h('span', { class: `dot dot-${tone}`, 'aria-hidden': 'true' }),
      h(
        'div',
        { class: 'activity-text' },
        h('div', { class: 'activity-line' }, h('strong', null, label), leadId ? ` · ${names.get(leadId) || leadId}` : '', h('time', { class: 'activity-time' }, Number.isNaN(at) ? '' : formatTime(at))),
        h('div', { class: 'activity-detail' }, humanize(row[col('detail')] ?? '')),
      ),
    );
  });
  $('activity').replaceChildren(...(items.length ? items : [h('li', { class: 'muted activity-empty' }, 'Nothing yet. Every assignment, contact and re-route lands here.')]));
}

// ---------------------------------------------------------------------------------------------
// Spreadsheet

const SHEET_ORDER = ['lead_sheet', 'sales_sheet', 'routing_state_sheet', 'audit_log'];

function columnLetter(index) {
  let s = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

function renderSheetTabs() {
  // Baton's lock tabs are hidden sheets in Google Sheets too; admins never see them.
  const extra = Object.keys(state.tabs).filter((t) => !SHEET_ORDER.includes(t) && !t.startsWith('_baton_lock_'));
  const titles = [...SHEET_ORDER.filter((t) => t in state.tabs), ...extra];
  if (!titles.includes(selectedTab)) selectedTab = titles[0] ?? '';
  const tabs = titles.map((title) => {
    const selected = title === selectedTab;
    const rows = Math.max(0, (state.tabs[title]?.length ?? 1) - 1);
    return h(
      'button',
      {
        type: 'button',
        role: 'tab',
        id: `sheet-tab-${title}`,
        class: `sheet-tab${selected ? ' is-selected' : ''}`,
        'aria-selected': selected ? 'true' : 'false',
        'aria-controls': 'sheet-panel',
        tabindex: selected ? '0' : '-1',
        dataset: { tab: title, focus: title },
        onclick: () => {
          selectedTab = title;
          renderSheetTabs();
          renderSheet(true);
        },
      },
      title,
      h('span', { class: 'sheet-count', 'aria-label': `${rows} rows` }, String(rows)),
    );
  });
  keepFocus($('sheet-tabs'), () => $('sheet-tabs').replaceChildren(...tabs));
  $('sheet-panel').setAttribute('aria-labelledby', `sheet-tab-${selectedTab}`);
}

const STAGE_TONE = { NEW: 'blue', CONTACTED: 'green', QUALIFIED: 'green', 'CLOSED WON': 'green', 'CLOSED LOST': 'grey', UNASSIGNED: 'red' };

function renderCell(header, value) {
  const text = value === null || value === undefined ? '' : String(value);
  if (header === 'stage' && text) return h('span', { class: `chip chip-${STAGE_TONE[text.toUpperCase()] ?? 'grey'}` }, text);
  if (header === 'active' && text) return h('span', { class: `chip chip-${/^(on|true|yes|1)$/i.test(text) ? 'green' : 'grey'}` }, text);
  if (header === 'event' && text) return h('span', { class: `chip chip-${EVENT_LABELS[text]?.[1] ?? 'grey'}` }, text);
  return text;
}

function renderSheet(switched) {
  const rows = state.tabs[selectedTab] ?? [];
  const before = switched ? undefined : previousTabs[selectedTab];
  const width = Math.max(0, ...rows.map((row) => row.length));
  const header = (rows[0] ?? []).map(String);
  const table = h(
    'table',
    { class: 'grid', dataset: { tab: selectedTab } },
    h('caption', { class: 'sr-only' }, `${selectedTab}: ${Math.max(0, rows.length - 1)} rows`),
    h(
      'thead',
      null,
      h('tr', { class: 'letters', 'aria-hidden': 'true' }, h('th', { class: 'corner' }), Array.from({ length: width }, (_, i) => h('th', null, columnLetter(i)))),
      h('tr', null, h('th', { class: 'rownum', scope: 'col' }, h('span', { class: 'sr-only' }, 'Row'), '1'), Array.from({ length: width }, (_, i) => h('th', { scope: 'col' }, header[i] ?? ''))),
    ),
    h(
      'tbody',
      null,
      rows.slice(1).map((row, r) =>
        h(
          'tr',
          { dataset: { row: String(r + 2) } },
          h('th', { class: 'rownum', scope: 'row' }, String(r + 2)),
          Array.from({ length: width }, (_, c) => {
            const value = row[c];
            const text = value === null || value === undefined ? '' : String(value);
            const old = before?.[r + 1]?.[c];
            const changed = before !== undefined && String(old ?? '') !== text;
            return h('td', { class: changed ? 'is-changed' : undefined, title: text.length > 28 ? text : undefined, dataset: { col: header[c] ?? '' } }, renderCell(header[c], value));
          }),
        ),
      ),
    ),
  );
  const panel = $('sheet-panel');
  const scrollLeft = panel.scrollLeft;
  panel.replaceChildren(rows.length > 1 ? table : h('div', { class: 'sheet-empty' }, table, h('p', { class: 'muted' }, 'No rows yet.')));
  if (!switched) panel.scrollLeft = scrollLeft;
}

// ---------------------------------------------------------------------------------------------
// Data flow

async function postJson(url, body, headers = {}) {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  let parsed = null;
  const text = await response.text();
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = { raw: text };
  }
  return { ok: response.ok, status: response.status, body: parsed };
}

let refreshing = null;
let refreshAgain = false;

async function refresh() {
  if (refreshing) {
    refreshAgain = true;
    return refreshing;
  }
  refreshing = (async () => {
    do {
      refreshAgain = false;
      const response = await fetch('/sandbox/state', { cache: 'no-store' });
      if (!response.ok) throw new Error(`state: HTTP ${response.status}`);
      const next = await response.json();
      announceNew(next);
      state = next;
      clockOffset = state.now - Date.now();
      render();
    } while (refreshAgain);
  })().finally(() => {
    refreshing = null;
  });
  return refreshing;
}

function announceNew(next) {
  if (!state) return;
  for (const person of next.people) {
    const before = new Set((state.inboxes[person.id] ?? []).map(messageKey));
    for (const m of next.inboxes[person.id] ?? []) {
      if (!before.has(messageKey(m))) $('announcer').textContent = `New message for ${displayName(person.name)}: ${m.text}`;
    }
  }
}

function render() {
  const { settings, skippedMinutes } = state;
  $('clock-zone').textContent = timeZone();
  const skipped = $('clock-skipped');
  skipped.textContent = skippedMinutes > 0 ? `+${skippedMinutes} min skipped` : 'real time';
  skipped.className = `chip ${skippedMinutes > 0 ? 'chip-amber' : 'chip-muted'}`;
  $('sla-value').textContent = describeMinutes(settings.slaMinutes);
  $('escalation-value').textContent = `${settings.escalationThreshold} routes`;
  tickClock();
  if (!selectedPerson) selectedPerson = state.people[0]?.id ?? '';
  renderInboxes(false);
  renderRoster();
  renderActivity();
  renderSheetTabs();
  renderSheet(firstRender);
  previousTabs = state.tabs;
  firstRender = false;
  document.body.dataset.ready = 'true';
}

function connect() {
  const live = $('live');
  const source = new EventSource('/sandbox/events');
  source.addEventListener('open', () => {
    live.dataset.state = 'live';
    live.textContent = 'Live';
    refresh().catch(() => undefined);
  });
  source.addEventListener('change', () => refresh().catch((error) => toast(error.message, 'error')));
  source.addEventListener('error', () => {
    live.dataset.state = 'offline';
    live.textContent = 'Reconnecting…';
  });
}

// ---------------------------------------------------------------------------------------------
// Toasts

function toast(message, tone = 'info') {
  const el = h('div', { class: `toast toast-${tone}` }, message);
  $('toasts').append(el);
  setTimeout(() => el.classList.add('is-leaving'), 4200);
  setTimeout(() => el.remove(), 4600);
}

// ---------------------------------------------------------------------------------------------
// Lead form

const SAMPLES = {
  first: ['Dewi', 'Rizky', 'Putri', 'Fajar', 'Sari', 'Agus', 'Nadia', 'Bayu', 'Intan', 'Yoga', 'Laras', 'Hendra'],
  last: ['Kusuma', 'Hidayat', 'Anggraini', 'Nugroho', 'Rahmawati', 'Saputra', 'Permata', 'Wibowo', 'Halim', 'Setiawan'],
  company: ['Kopi Nusantara', 'PT Maju Bersama', 'Sinar Logistik', 'Rumah Batik Laras', 'Tokobaru.id', 'CV Mitra Teknik', 'Warung Digital'],
  source: ['website', 'instagram', 'google-ads', 'referral', 'whatsapp'],
  message: [
    'Hi, could you send pricing for 20 seats?',
    'Interested in a demo next week. Mornings work best.',
    'We need a quote for our three outlets in Bandung.',
    'Saw your ad, please call me back after 2pm.',
    'Looking to switch from spreadsheets — what does onboarding look like?',
  ],
};

const pick = (list) => list[Math.floor(Math.random() * list.length)];

function fillSample() {
  const first = pick(SAMPLES.first);
  const last = pick(SAMPLES.last);
  const digits = String(Math.floor(10_000_000 + Math.random() * 89_999_999));
  const form = /** @type {HTMLFormElement} */ ($('lead-form'));
  form.elements.namedItem('name').value = `${first} ${last}`;
  form.elements.namedItem('phone').value = `+62 812-${digits.slice(0, 4)}-${digits.slice(4)}`;
  form.elements.namedItem('email').value = `${first}.${last}${digits.slice(-2)}@example.com`.toLowerCase();
  form.elements.namedItem('company').value = pick(SAMPLES.company);
  form.elements.namedItem('source').value = pick(SAMPLES.source);
  form.elements.namedItem('message').value = pick(SAMPLES.message);
}

let resultTimer;

function showResult(status, body) {
  const panel = $('lead-result');
  const tone = status === 201 ? 'green' : status === 200 ? 'blue' : 'red';
  const label = status === 201 ? 'Created' : status === 200 ? 'Duplicate' : status === 400 ? 'Rejected' : 'Error';
  let summary = '';
  if (status === 201) summary = body?.sales_slack_id ? `Assigned to ${body.assigned_sales || personName(body.sales_slack_id)}` : 'Saved, but no rep is active';
  else if (status === 200) summary = 'Already in the sheet; the owner was told';
  else if (Array.isArray(body?.details)) summary = body.details.map((d) => `${d.field}: ${d.problem}`).join('; ');
  else summary = body?.error ?? '';
  const owner = body?.sales_slack_id;
  panel.replaceChildren(
    h(
      'div',
      { class: 'result-head' },
      h('span', { class: `chip chip-${tone}`, 'data-status': String(status) }, `${status} ${label}`),
      h('span', { class: 'result-summary' }, summary),
      owner && state?.people.some((p) => p.id === owner)
        ? h('button', { type: 'button', class: 'link-button', onclick: () => selectPerson(owner, true) }, 'Open inbox')
        : null,
    ),
    h('pre', { class: 'result-json' }, JSON.stringify(body, null, 2)),
  );
  panel.hidden = false;
  panel.classList.remove('is-leaving');
  clearTimeout(resultTimer);
  resultTimer = setTimeout(() => {
    panel.classList.add('is-leaving');
    resultTimer = setTimeout(() => {
      panel.hidden = true;
    }, 400);
  }, 15_000);
}

async function submitLead(event) {
  event.preventDefault();
  const form = /** @type {HTMLFormElement} */ (event.currentTarget);
  const submit = $('lead-submit');
  const payload = {};
  for (const [key, value] of new FormData(form)) if (String(value).trim() !== '') payload[key] = String(value);
  submit.disabled = true;
  submit.textContent = 'Submitting…';
  try {
    if (!state) await refresh();
    const result = await postJson('/webhooks/lead', payload, { authorization: `Bearer ${state.intakeToken}` });
    showResult(result.status, result.body);
    if (result.status === 201) {
      fillSample();
      // Follow the lead to the inbox it landed in.
      if (result.body?.sales_slack_id) selectPerson(result.body.sales_slack_id, false);
    }
  } catch (error) {
    showResult(0, { error: error.message });
  } finally {
    submit.disabled = false;
    submit.textContent = 'Submit lead';
  }
}

// ---------------------------------------------------------------------------------------------
// Controls

async function runSweep() {
  const button = $('sweep-button');
  button.disabled = true;
  button.textContent = 'Sweeping…';
  try {
    const result = await postJson('/sandbox/sweep', {});
    if (!result.ok) throw new Error(result.body?.error ?? `HTTP ${result.status}`);
    toast(result.body?.summary ? `Sweep finished — ${result.body.summary}` : 'Sweep finished');
    await refresh();
  } catch (error) {
    toast(`Sweep failed: ${error.message}`, 'error');
  } finally {
    button.disabled = false;
    button.textContent = 'Run sweep now';
  }
}

/** `npm run simulate` on the sandbox sheet: who would get each recent lead now, and why. Writes nothing. */
async function runSimulate() {
  const button = $('simulate-button');
  const output = $('simulate-output');
  button.disabled = true;
  try {
    const result = await postJson('/sandbox/simulate', {});
    if (!result.ok) throw new Error(result.body?.error ?? `HTTP ${result.status}`);
    output.textContent = result.body?.report ?? '';
    output.hidden = false;
  } catch (error) {
    toast(`Replay failed: ${error.message}`, 'error');
  } finally {
    button.disabled = false;
  }
}

async function skipAhead(event) {
  event.preventDefault();
  const input = /** @type {HTMLInputElement} */ ($('skip-minutes'));
  const minutes = Number(input.value);
  if (!Number.isInteger(minutes) || minutes < 1 || minutes > 10080) {
    input.setAttribute('aria-invalid', 'true');
    toast('Enter a whole number of minutes from 1 to 10080', 'error');
    return;
  }
  input.removeAttribute('aria-invalid');
  const button = $('skip-button');
  button.disabled = true;
  try {
    const result = await postJson('/sandbox/clock', { minutes });
    if (!result.ok) throw new Error(result.body?.error ?? `HTTP ${result.status}`);
    toast(`Clock moved ${minutes} min ahead`);
    await refresh();
  } catch (error) {
    toast(`Could not move the clock: ${error.message}`, 'error');
  } finally {
    button.disabled = false;
  }
}

async function addRep(event) {
  event.preventDefault();
  const form = /** @type {HTMLFormElement} */ (event.currentTarget);
  const data = Object.fromEntries(new FormData(form));
  const error = $('rep-error');
  const slackId = String(data.slack_id ?? '').trim().toUpperCase();
  if (!String(data.name ?? '').trim() || !/^U[A-Z0-9]{2,}$/.test(slackId)) {
    error.textContent = 'A rep needs a name and a Slack id like U0DANI.';
    return;
  }
  const result = await postJson('/sandbox/roster', { action: 'add', name: data.name, email: data.email, slack_id: slackId });
  if (!result.ok) {
    error.textContent = result.body?.error ?? `HTTP ${result.status}`;
    return;
  }
  error.textContent = '';
  form.reset();
  toast(`${data.name} added to sales_sheet and switched ON`);
  await refresh();
}

// Arrow keys move between tabs, as in any tab list.
function tabKeys(listId, selector) {
  $(listId).addEventListener('keydown', (event) => {
    const keys = ['ArrowDown', 'ArrowUp', 'ArrowLeft', 'ArrowRight', 'Home', 'End'];
    if (!keys.includes(event.key)) return;
    const tabs = [...$(listId).querySelectorAll(selector)];
    const index = tabs.indexOf(document.activeElement);
    if (index < 0) return;
    event.preventDefault();
    let next = index;
    if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = tabs.length - 1;
    else next = (index + (event.key === 'ArrowDown' || event.key === 'ArrowRight' ? 1 : -1) + tabs.length) % tabs.length;
    tabs[next].click();
    $(listId).querySelectorAll(selector)[next]?.focus();
  });
}

function init() {
  fillSample();
  $('lead-form').addEventListener('submit', submitLead);
  $('shuffle').addEventListener('click', fillSample);
  $('skip-form').addEventListener('submit', skipAhead);
  $('sweep-button').addEventListener('click', runSweep);
  $('simulate-button').addEventListener('click', runSimulate);
  $('rep-form').addEventListener('submit', addRep);
  $('command-form').addEventListener('submit', sendCommand);
  $('view-messages').addEventListener('click', () => showView('messages'));
  $('view-home').addEventListener('click', () => showView('home'));
  $('acting-as-select').addEventListener('change', (event) => {
    actingAs = /** @type {HTMLSelectElement} */ (event.currentTarget).value;
    renderInboxes(false);
  });
  tabKeys('people', '[role="tab"]');
  tabKeys('sheet-tabs', '[role="tab"]');
  setInterval(tickClock, 1000);
  refresh().catch((error) => toast(error.message, 'error'));
  connect();
}

init();
