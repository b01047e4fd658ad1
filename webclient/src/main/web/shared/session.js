// Staff login for the console, supervisor and editor pages. POST /api/login sets the HttpOnly
// cookie fl_session, which authenticates later API calls and /ws/agent from our own pages.

/** Calls the JSON API with the session cookie; resolves { status, body }. */
export async function api(path, { method = 'GET', body } = {}) {
  const init = { method, credentials: 'same-origin', headers: {} };
  if (body !== undefined) {
    init.headers['content-type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const r = await fetch(path, init);
  let json = null;
  try {
    json = await r.json();
  } catch {
    json = null;
  }
  return { status: r.status, body: json };
}

// The session cookie is HttpOnly, so a page cannot see it; this marker says a login happened in
// this browser, so that a first visit does not ask /api/me just to get a 401.
const MARK = 'frontline:staff:session';

function mark(on) {
  try {
    if (on) {
      localStorage.setItem(MARK, '1');
    } else {
      localStorage.removeItem(MARK);
    }
  } catch {
    // unavailable: we just ask /api/me every time
  }
}

function marked() {
  try {
    return localStorage.getItem(MARK) !== null;
  } catch {
    return true;
  }
}

/** The logged-in user (GET /api/me), or null. */
export async function currentUser() {
  if (!marked()) {
    return null;
  }
  try {
    const r = await api('/api/me');
    if (r.status === 200) {
      return r.body;
    }
    if (r.status === 401) {
      mark(false);
    }
    return null;
  } catch {
    return null;
  }
}

export async function logout() {
  mark(false);
  try {
    await api('/api/logout', { method: 'POST', body: {} });
  } catch {
    // the cookie expires anyway
  }
}

export function hasRole(user, roles) {
  return Boolean(user && Array.isArray(user.roles) && user.roles.some((r) => roles.includes(r)));
}

/**
 * Wires a login form holding [data-fl=username], [data-fl=password], [data-fl=login] and
 * [data-fl=login-error]. Calls onLogin(user) for a user with one of `roles`.
 * t(key) gives the words: loginFailed, loginForbidden, loginUnavailable.
 */
export function wireLogin(form, { roles, onLogin, t }) {
  const username = form.querySelector('[data-fl=username]');
  const password = form.querySelector('[data-fl=password]');
  const button = form.querySelector('[data-fl=login]');
  const error = form.querySelector('[data-fl=login-error]');
  const fail = (key) => {
    error.textContent = t(key);
    error.hidden = false;
    button.disabled = false;
    password.select();
  };
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    error.hidden = true;
    button.disabled = true;
    let r;
    try {
      r = await api('/api/login', { method: 'POST', body: { username: username.value.trim(), password: password.value } });
    } catch {
      fail('loginUnavailable');
      return;
    }
    if (r.status === 401 || r.status === 400) {
      fail('loginFailed');
      return;
    }
    if (r.status !== 200) {
      fail(r.status === 429 ? 'loginThrottled' : 'loginUnavailable');
      return;
    }
    const user = r.body.user;
    if (!hasRole(user, roles)) {
      await logout();
      fail('loginForbidden');
      return;
    }
    mark(true);
    button.disabled = false;
    password.value = '';
    onLogin(user, { gesture: true });
  });
}

/** Words every staff page's login needs. */
export const LOGIN_STRINGS = {
  zh: {
    username: '用户名',
    password: '密码',
    login: '登录',
    logout: '退出',
    loginFailed: '用户名或密码错误',
    loginForbidden: '此账号无权使用本页面',
    loginUnavailable: '服务器暂时不可用，请稍后再试',
    loginThrottled: '尝试次数过多，请稍后再试',
    lang: 'English',
  },
  en: {
    username: 'Username',
    password: 'Password',
    login: 'Log in',
    logout: 'Log out',
    loginFailed: 'Wrong username or password',
    loginForbidden: 'This account may not use this page',
    loginUnavailable: 'The server is not available; try again soon',
    loginThrottled: 'Too many attempts; try again later',
    lang: '中文',
  },
};
