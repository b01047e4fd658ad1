// The bot's thresholds as learned from this knowledge base (GET /api/bot/calibration): what they
// mean ("answers about N% of questions; right about P% of the time when it answers"), a slider for
// the precision to aim at that previews the effect (GET /api/bot/calibration/preview) before it is
// saved (PUT), and out-of-scope examples (POST /api/bot/calibration/out-of-scope).
import { h } from '../shared/dom.js';
import { errorOf, notice } from './util.js';

const pct = (x) => Math.round(100 * (x || 0));

export const calibrationPanel = {
  id: 'calibration',
  titleKey: 'calibration',
  mount(container, { i18n, api, can }) {
    const t = i18n.t;
    const message = notice();
    message.setAttribute('data-fl', 'cal-message');
    const live = h('div', { 'data-fl': 'cal-live', 'aria-live': 'polite' });
    const slider = h('input', { type: 'range', min: '80', max: '99', step: '1', value: '90', 'data-fl': 'cal-target',
      'aria-label': t('calTarget') });
    const targetText = h('output', { 'data-fl': 'cal-target-value' });
    const preview = h('div', { class: 'cal-preview', 'data-fl': 'cal-preview', 'aria-live': 'polite' });
    const save = h('button', { type: 'button', class: 'primary', 'data-fl': 'cal-save', 'data-i18n': 'save',
      hidden: !can.write });
    const examples = h('textarea', { 'data-fl': 'cal-oos', rows: '3', 'data-i18n-placeholder': 'calOosHint',
      hidden: !can.write });
    const addExamples = h('button', { type: 'button', 'data-fl': 'cal-oos-add', 'data-i18n': 'calOosAdd',
      hidden: !can.write });
    container.append(h('p', { class: 'hint', 'data-i18n': 'calAbout' }), message, live,
      h('h3', { 'data-i18n': 'calTrade' }),
      h('label', { class: 'cal-slider' }, h('span', { 'data-i18n': 'calTarget' }), slider, targetText),
      preview, save,
      h('h3', { 'data-i18n': 'calOos' }), examples, addExamples);

    let current = null;
    let shown = null;

    const describe = (b, into) => {
      const lang = t(`calLang_${b.language}`);
      const lines = [
        h('p', { 'data-fl': 'cal-summary', 'data-lang': b.language,
          text: t('calSummary', { lang, n: pct(b.answers), p: pct(b.precision) }) }),
        h('p', { class: 'hint', 'data-fl': 'cal-thresholds',
          text: t('calThresholds', { answer: b.answer.toFixed(2), suggest: b.suggest.toFixed(2),
            handoff: pct(b.handedOff) }) }),
        h('p', { class: 'hint', 'data-fl': 'cal-source', text: !b.learned ? t('calNotLearned')
          : t(b.suggestDefault ? 'calSourceDefault' : 'calSource', { heldOut: b.heldOut, oos: b.outOfScope,
            oosOff: pct(b.outOfScopeHandedOff) }) }),
      ];
      into.append(h('div', { class: 'cal-bot', 'data-fl': 'cal-bot' }, ...lines));
    };

    const render = () => {
      live.replaceChildren();
      preview.replaceChildren();
      if (!current) {
        return;
      }
      if (!current.bots.length) {
        live.append(h('p', { class: 'empty', 'data-i18n': 'calEmpty', text: t('calEmpty') }));
      }
      current.bots.forEach((b) => describe(b, live));
      targetText.value = `${slider.value}%`;
      if (shown) {
        preview.append(h('p', { class: 'hint', text: t('calPreviewAt', { p: slider.value }) }));
        shown.bots.forEach((b) => describe(b, preview));
      }
    };

    const load = async () => {
      const r = await api('/api/bot/calibration');
      if (r.status !== 200) {
        message.show(t('failed', { why: errorOf(r) }), 'error');
        return;
      }
      current = r.body;
      slider.value = String(Math.round(current.targetPrecision * 100));
      shown = null;
      render();
      if (!current.bots.length && container.isConnected && !container.closest('[hidden]')) {
        setTimeout(load, 2000); // still learning (start-up): look again
      }
    };

    let asked = 0;
    const previewAt = async () => {
      const mine = ++asked;
      const r = await api(`/api/bot/calibration/preview?targetPrecision=${Number(slider.value) / 100}`);
      if (mine !== asked) {
        return; // the slider moved on
      }
      if (r.status !== 200) {
        message.show(t('failed', { why: errorOf(r) }), 'error');
        return;
      }
      shown = r.body;
      render();
    };
    slider.addEventListener('input', () => {
      targetText.value = `${slider.value}%`;
      previewAt();
    });

    save.addEventListener('click', async () => {
      const r = await api('/api/bot/calibration', { method: 'PUT', body: { targetPrecision: Number(slider.value) / 100 } });
      if (r.status !== 200) {
        message.show(t('failed', { why: errorOf(r) }), 'error');
        return;
      }
      message.show(t('calSaved', { p: slider.value }));
      current = r.body;
      shown = null;
      render();
    });

    addExamples.addEventListener('click', async () => {
      const questions = examples.value.split('\n').map((s) => s.trim()).filter(Boolean);
      if (!questions.length) {
        return;
      }
      const r = await api('/api/bot/calibration/out-of-scope', { method: 'POST', body: { questions } });
      if (r.status !== 200) {
        message.show(t('failed', { why: errorOf(r) }), 'error');
        return;
      }
      examples.value = '';
      message.show(t('calOosAdded', { n: r.body.added }));
    });

    i18n.onChange(render);
    return { show: load };
  },
};
