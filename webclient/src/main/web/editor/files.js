// Import (JSON Lines or CSV: POST /api/faq/import?format=) and export (GET /api/faq/export).
// An import is all or nothing; a bad line is shown with its number and its text.
import { h } from '../shared/dom.js';
import { errorOf } from './util.js';

export const filesPanel = {
  id: 'files',
  titleKey: 'files',
  mount(container, ctx) {
    const { i18n, can, nav } = ctx;
    const t = i18n.t;

    const file = h('input', { type: 'file', 'data-fl': 'import-file', accept: '.jsonl,.ndjson,.json,.csv,.txt,text/csv' });
    const format = h('select', { 'data-fl': 'import-format' });
    const renderFormats = () => {
      const v = format.value || 'auto';
      format.replaceChildren(...['auto', 'jsonl', 'csv'].map((f) => h('option', { value: f, text: t(`format_${f}`) })));
      format.value = v;
    };
    renderFormats();
    const run = h('button', { type: 'submit', class: 'primary', 'data-fl': 'import-run', 'data-i18n': 'importRun' });
    const result = h('div', { class: 'import-result', 'data-fl': 'import-result', 'aria-live': 'polite', hidden: true });
    const importForm = h('form', { class: 'import', 'data-fl': 'import-form' },
      h('label', { class: 'field' }, h('span', { class: 'label', 'data-i18n': 'importFile' }), file),
      h('label', { class: 'field' }, h('span', { class: 'label', 'data-i18n': 'importFormat' }), format),
      h('div', { class: 'actions' }, run));

    const scope = h('select', { 'data-fl': 'export-scope' });
    const jsonl = h('a', { class: 'button', 'data-fl': 'export-jsonl', download: 'faq.jsonl', text: 'JSON Lines' });
    const csv = h('a', { class: 'button', 'data-fl': 'export-csv', download: 'faq.csv', text: 'CSV' });
    const renderExport = () => {
      const v = scope.value || 'live';
      scope.replaceChildren(...['live', 'latest'].map((s) => h('option', { value: s, text: t(`scope_${s}`) })));
      scope.value = v;
      jsonl.href = `/api/faq/export?format=jsonl&scope=${v}`;
      csv.href = `/api/faq/export?format=csv&scope=${v}`;
    };
    renderExport();
    scope.addEventListener('change', renderExport);

    container.append(
      h('section', { class: 'block', hidden: !can.write },
        h('h2', { 'data-i18n': 'importTitle' }),
        h('p', { class: 'hint', 'data-i18n': 'importAbout' }),
        importForm, result),
      h('section', { class: 'block' },
        h('h2', { 'data-i18n': 'exportTitle' }),
        h('p', { class: 'hint', 'data-i18n': 'exportAbout' }),
        h('div', { class: 'actions' },
          h('label', { class: 'inline' }, h('span', { 'data-i18n': 'exportScope' }), scope), jsonl, csv)));

    const show = (kind, text, extra) => {
      result.dataset.state = kind;
      result.setAttribute('role', kind === 'error' ? 'alert' : 'status');
      result.replaceChildren(h('p', { 'data-fl': 'import-message', text }), extra || '');
      result.hidden = false;
    };

    importForm.addEventListener('submit', async (e) => {
      e.preventDefault();
      const f = file.files && file.files[0];
      delete result.dataset.line;
      if (!f) {
        show('error', t('importPick'));
        file.focus();
        return;
      }
      let fmt = format.value;
      if (fmt === 'auto') {
        fmt = /\.csv$/i.test(f.name) || /csv/i.test(f.type) ? 'csv' : 'jsonl';
      }
      run.disabled = true;
      try {
        const bytes = await f.arrayBuffer();
        const res = await fetch(`/api/faq/import?format=${fmt}`, {
          method: 'POST',
          credentials: 'same-origin',
          headers: { 'content-type': fmt === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8' },
          body: bytes,
        });
        let body = null;
        try {
          body = await res.json();
        } catch {
          body = null;
        }
        if (res.status === 200) {
          show('ok', t(can.publish ? 'importedPublished' : 'importedDraft', { n: body.imported }));
          nav.emit('changed', {});
          return;
        }
        const msg = errorOf({ status: res.status, body });
        const m = /^line (\d+): (.*)$/s.exec(msg);
        if (m) {
          result.dataset.line = m[1];
          const text = new TextDecoder().decode(bytes).replace(/^\uFEFF/, '').split(/\r?\n/)[Number(m[1]) - 1];
          show('error', t('importBadLine', { line: m[1], why: m[2] }),
            text === undefined ? null : h('pre', { class: 'bad-line', 'data-fl': 'import-bad-line', text: text.slice(0, 500) }));
        } else {
          show('error', t('importFailed', { why: msg }));
        }
      } catch (err) {
        show('error', t('importFailed', { why: err.message }));
      } finally {
        run.disabled = false;
      }
    });
    i18n.onChange(() => {
      renderFormats();
      renderExport();
    });
  },
};
