// Questions the bot could not answer in chat, grouped (most frequent first). One step per group:
// a new entry made from it (a draft holding the group's questions, opened in the form), its
// questions added as similar questions of an entry picked by search, or dismissed.
import { h } from '../shared/dom.js';
import { dateTime, debounce, errorOf, notice } from './util.js';

export const unansweredPanel = {
  id: 'unanswered',
  titleKey: 'unanswered',
  mount(container, ctx) {
    const { i18n, api, can, nav } = ctx;
    const t = i18n.t;
    let groups = [];
    let total = 0;

    const list = h('ol', { class: 'groups', 'data-fl': 'unanswered-list' });
    const empty = h('p', { class: 'empty', 'data-i18n': 'unansweredEmpty', hidden: true });
    const message = notice();
    message.setAttribute('data-fl', 'unanswered-message');
    const counter = h('span', { class: 'muted', 'data-fl': 'unanswered-total' });
    const refresh = h('button', { type: 'button', 'data-fl': 'unanswered-refresh', 'data-i18n': 'refresh', on: { click: () => load() } });
    container.append(
      h('div', { class: 'toolbar' }, h('p', { class: 'hint', 'data-i18n': 'unansweredAbout' }), counter, refresh),
      message, list, empty);

    const resolve = async (g, body) => {
      const r = await api(`/api/faq/unanswered/${encodeURIComponent(g.id)}/resolve`, { method: 'POST', body });
      if (r.status !== 200) {
        message.show(t('failed', { why: errorOf(r) }), 'error');
        if (r.status === 404) {
          load();
        }
        return null;
      }
      groups = groups.filter((x) => x.id !== g.id);
      render();
      nav.emit('changed', {});
      return r.body;
    };

    /** The "add to an existing entry" picker: search the entries, pick one, confirm. */
    const picker = (g, li) => {
      const box = h('div', { class: 'picker', 'data-fl': 'group-picker' });
      const input = h('input', { type: 'search', 'data-fl': 'group-pick-search', placeholder: t('pickSearch'),
        'aria-label': t('pickSearch') });
      const results = h('ul', { class: 'pick-results', role: 'listbox', 'aria-label': t('pickSearch') });
      const confirm = h('button', { type: 'button', class: 'primary', 'data-fl': 'group-pick-confirm', text: t('pickConfirm'),
        disabled: true });
      const cancel = h('button', { type: 'button', text: t('cancel'), on: { click: () => { box.remove(); addButton.focus(); } } });
      const addButton = li.querySelector('[data-fl=group-add-similar]');
      let picked = null;
      const option = (e) => h('li', {},
        h('button', { type: 'button', 'data-fl': 'group-pick-result', 'data-id': e.id, 'aria-pressed': 'false',
          on: { click: (ev) => {
            picked = e;
            for (const b of results.querySelectorAll('button')) {
              b.setAttribute('aria-pressed', String(b === ev.currentTarget));
            }
            confirm.disabled = false;
            confirm.textContent = t('pickConfirmOne', { q: e.question });
          } } },
        h('span', { text: e.question }), h('span', { class: 'muted', text: ` ${e.id}` })));
      const search = async () => {
        const q = input.value.trim();
        const r = await api(`/api/faq?size=8${q ? `&q=${encodeURIComponent(q)}` : ''}`);
        if (r.status === 200) {
          results.replaceChildren(...r.body.entries.map(option));
          if (!r.body.entries.length) {
            results.append(h('li', { class: 'muted', text: t('pickNone') }));
          }
        }
      };
      input.addEventListener('input', debounce(search, 250));
      input.addEventListener('keydown', (e) => {
        if (e.key === 'ArrowDown') {
          e.preventDefault();
          results.querySelector('button')?.focus();
        } else if (e.key === 'Escape') {
          box.remove();
          addButton.focus();
        }
      });
      confirm.addEventListener('click', async () => {
        if (!picked) {
          return;
        }
        confirm.disabled = true;
        const out = await resolve(g, { action: 'add_similar', faqId: picked.id });
        if (out) {
          message.show(t(out.entry.status === 'published' ? 'addedSimilarLive' : 'addedSimilarDraft',
            { n: g.questions.length, q: picked.question }));
        } else {
          confirm.disabled = false;
        }
      });
      box.append(input, results, h('div', { class: 'actions' }, confirm, cancel));
      // The bot's own best guess first, when it had one.
      if (g.faqId) {
        api(`/api/faq/${encodeURIComponent(g.faqId)}`).then((r) => {
          if (r.status === 200 && !input.value) {
            results.replaceChildren(h('li', { class: 'muted', text: t('pickGuess') }), option(r.body));
          }
        });
      }
      return { box, input };
    };

    const render = () => {
      counter.textContent = t('unansweredTotal', { n: total });
      list.replaceChildren(...groups.map((g) => {
        const li = h('li', { class: 'group', 'data-fl': 'unanswered-group', 'data-group': g.id, 'data-count': String(g.count) });
        const decisions = Object.entries(g.decisions || {}).map(([d, n]) => `${t(`decision_${d}`)} ${n}`).join(' · ');
        const newEntry = h('button', { type: 'button', class: 'primary', 'data-fl': 'group-new-entry', text: t('groupNewEntry'),
          hidden: !can.write });
        const addSimilar = h('button', { type: 'button', 'data-fl': 'group-add-similar', text: t('groupAddSimilar'),
          hidden: !can.write });
        const dismiss = h('button', { type: 'button', 'data-fl': 'group-dismiss', text: t('groupDismiss'), hidden: !can.write });
        newEntry.addEventListener('click', async () => {
          newEntry.disabled = true;
          const out = await resolve(g, { action: 'new_entry' });
          if (out) {
            nav.go('entries', out.entry.id);
          } else {
            newEntry.disabled = false;
          }
        });
        addSimilar.addEventListener('click', () => {
          const existing = li.querySelector('[data-fl=group-picker]');
          if (existing) {
            existing.querySelector('input').focus();
            return;
          }
          const p = picker(g, li);
          li.append(p.box);
          p.input.focus();
        });
        dismiss.addEventListener('click', async () => {
          const at = groups.indexOf(g);
          if (await resolve(g, { action: 'dismiss' })) {
            message.show(t('groupDismissed', { q: g.sample }));
            const next = list.children[Math.min(at, list.children.length - 1)];
            (next ? next.querySelector('button') : refresh).focus();
          }
        });
        li.append(
          h('div', { class: 'group-head' },
            h('strong', { class: 'sample', 'data-fl': 'group-sample', text: g.sample }),
            h('span', { class: 'count', text: t('timesAsked', { n: g.count }) }),
            h('span', { class: 'muted', text: decisions }),
            h('span', { class: 'muted', text: `${dateTime(g.firstAt, i18n.lang)} – ${dateTime(g.lastAt, i18n.lang)}` })),
          h('ul', { class: 'group-questions' }, ...g.questions.map((q) => h('li', { 'data-fl': 'group-question' },
            h('span', { text: q.text }), q.count > 1 ? h('span', { class: 'muted', text: ` ×${q.count}` }) : null))),
          g.faqId ? h('p', { class: 'muted', text: t('botGuess', { id: g.faqId }) }) : '',
          h('div', { class: 'actions' }, newEntry, addSimilar, dismiss));
        return li;
      }));
      empty.hidden = groups.length > 0;
      nav.badge('unanswered', total);
    };

    const load = async () => {
      const r = await api('/api/faq/unanswered?limit=100');
      if (r.status !== 200) {
        message.show(t('failed', { why: errorOf(r) }), 'error');
        return;
      }
      groups = r.body.groups;
      total = r.body.total;
      render();
    };

    i18n.onChange(render);
    load();
    return {
      show() {
        message.clear();
        load();
      },
    };
  },
};
