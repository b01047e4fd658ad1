// Tiny i18n: a dictionary per language, {name} placeholders, and data-i18n attributes that
// apply() fills in: data-i18n (textContent), data-i18n-placeholder, data-i18n-title
// (title and aria-label).

export const LANGS = ['zh', 'en'];

/** 'en' when the tag is English, else 'zh' (Chinese is the default). */
export function langOf(tag) {
  return /^en\b/i.test(String(tag || '')) ? 'en' : 'zh';
}

export function createI18n(dict, lang) {
  let current = LANGS.includes(lang) ? lang : 'zh';
  const listeners = [];
  const t = (key, params) => {
    const table = dict[current] || {};
    let s = table[key] ?? dict.zh[key] ?? key;
    if (params) {
      s = s.replace(/\{(\w+)\}/g, (m, k) => (params[k] === undefined ? m : String(params[k])));
    }
    return s;
  };
  return {
    t,
    get lang() {
      return current;
    },
    set(lang) {
      const next = LANGS.includes(lang) ? lang : 'zh';
      if (next !== current) {
        current = next;
        listeners.forEach((f) => f(current));
      }
    },
    onChange(f) {
      listeners.push(f);
    },
    apply(root) {
      for (const el of root.querySelectorAll('[data-i18n]')) {
        el.textContent = t(el.dataset.i18n);
      }
      for (const el of root.querySelectorAll('[data-i18n-placeholder]')) {
        el.setAttribute('placeholder', t(el.dataset.i18nPlaceholder));
      }
      for (const el of root.querySelectorAll('[data-i18n-title]')) {
        el.setAttribute('title', t(el.dataset.i18nTitle));
        el.setAttribute('aria-label', t(el.dataset.i18nTitle));
      }
    },
  };
}

/**
 * A staff page's language switch: fills the page's texts, makes every [data-fl=lang] button
 * switch between Chinese and English and remember the choice under storageKey (localStorage),
 * and keeps <html lang> and the texts in step. The page adds its own onChange for the rest.
 */
export function wirePageLanguage(i18n, storageKey) {
  i18n.apply(document);
  for (const b of document.querySelectorAll('[data-fl=lang]')) {
    b.addEventListener('click', () => {
      i18n.set(i18n.lang === 'zh' ? 'en' : 'zh');
      localStorage.setItem(storageKey, i18n.lang);
    });
  }
  i18n.onChange(() => {
    document.documentElement.lang = i18n.lang === 'en' ? 'en' : 'zh-CN';
    i18n.apply(document);
  });
}
