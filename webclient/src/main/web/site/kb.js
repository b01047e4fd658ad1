// The demo site's help page: mounts the self-service panel (shared/kb-panel.js) the way the
// widget or any host page would. Its trail events are sent as `kb-track` DOM events, which the
// page's chat widget records in the visitor's trail, and kept on window.frontlineKbEvents so
// the page can be tested alone.
import { mountKbPanel } from '../shared/kb-panel.js';

const events = [];
window.frontlineKbEvents = events;
const lang = /^en\b/i.test(new URLSearchParams(location.search).get('lang') || document.documentElement.lang) ? 'en' : 'zh';
mountKbPanel(document.getElementById('kb'), {
  origin: location.origin,
  lang,
  track(event, fields) {
    events.push({ event, ...fields });
    document.dispatchEvent(new CustomEvent('kb-track', { detail: { event, fields } }));
  },
});
