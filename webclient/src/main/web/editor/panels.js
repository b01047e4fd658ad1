// The editor's panels. Each is { id, titleKey, mount(container, ctx) } where ctx gives
// { i18n, api, user }; mount builds the panel once, and i18n.onChange lets it re-label.
// To add a panel (FAQ list, entry form, review queue...), write a module like bot-test.js and
// list it here.
import { botTestPanel } from './bot-test.js';

export const PANELS = [botTestPanel];
