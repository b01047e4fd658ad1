// Work-order kinds (CONTRACT section 9 `kind`): stored as the widget sends them, their Chinese
// value; each page shows the label of its language. Shared by the widget's leave-a-message form
// and the console's work orders.

/** The kinds offered, in this order: the value stored, the label's i18n key. */
export const TICKET_KINDS = [
  ['咨询', 'kindInquiry'],
  ['故障报修', 'kindRepair'],
  ['服务申请', 'kindRequest'],
  ['投诉', 'kindComplaint'],
  ['建议', 'kindSuggestion'],
  ['表扬', 'kindPraise'],
];

/** Tickets left without a kind were stored as "inquiry" before 咨询 became the default. */
const ALIASES = { inquiry: '咨询' };

export const KIND_STRINGS = {
  zh: {
    kindInquiry: '咨询',
    kindRepair: '故障报修',
    kindRequest: '服务申请',
    kindComplaint: '投诉',
    kindSuggestion: '建议',
    kindPraise: '表扬',
  },
  en: {
    kindInquiry: 'Question',
    kindRepair: 'Fault repair',
    kindRequest: 'Service request',
    kindComplaint: 'Complaint',
    kindSuggestion: 'Suggestion',
    kindPraise: 'Praise',
  },
};

/** The label of a stored kind in the page's language; a kind we do not know, as stored. */
export function kindLabel(kind, t) {
  const value = ALIASES[kind] || kind;
  const k = TICKET_KINDS.find(([v]) => v === value);
  return k ? t(k[1]) : String(kind || '');
}
