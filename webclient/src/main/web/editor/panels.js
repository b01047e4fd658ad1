// The editor's panels, one tab each, in this order. Each is { id, titleKey, mount(container, ctx) }
// where ctx gives { i18n, api, user, can, nav }: can.write / can.review / can.publish say what
// the user may do (can.publish follows the server's faqReview setting); nav.go(panel, arg)
// shows a panel (the address becomes #panel/arg), nav.emit/on pass events between panels
// ('changed' after any write to entries), nav.badge(panel, n) puts a count on a tab. mount
// builds the panel once and may return { show(arg) }, called whenever the panel is shown.
import { entriesPanel } from './entries.js';
import { reviewPanel } from './review.js';
import { unansweredPanel } from './unanswered.js';
import { synonymsPanel } from './synonyms.js';
import { suggestionsPanel } from './suggestions.js';
import { filesPanel } from './files.js';
import { botTestPanel } from './bot-test.js';
import { rulesPanel } from './rules.js';
import { calibrationPanel } from './calibration.js';

export const PANELS = [entriesPanel, reviewPanel, unansweredPanel, synonymsPanel, suggestionsPanel, filesPanel, rulesPanel,
  botTestPanel, calibrationPanel];
