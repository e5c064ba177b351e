// "VS Code" links beside breakpoint links open the line in the reader's own checkout. The site is
// built with the folder it was built in (right for `npm run docs` on the reader's machine); the
// first click asks for the folder of the reader's checkout, keeps it in this browser's
// localStorage, and every link uses it from then on. Alt-click asks again.
export const checkoutKey = 'quic-course.checkout';

const ask = {
  en: 'The folder of your checkout of this repository (an absolute path), for the VS Code links. It is kept in this browser only.',
  zh: '你本地克隆本仓库所在的文件夹（绝对路径），供 VS Code 链接使用，只保存在此浏览器中。',
};

/** `vscode://file/<folder>/<file>:<line>`, for a folder as a reader types it (Windows or POSIX). */
export function vscodeUrl(folder: string, file: string, line: string): string {
  const root = folder.trim().replace(/\\/g, '/').replace(/\/+$/, '').replace(/^\/+/, '');
  return `vscode://file/${root}/${file}:${line}`;
}

/** The folder the link was built with: its href without `/<file>:<line>`. */
function builtFolder(a: HTMLAnchorElement): string {
  const href = a.getAttribute('href') ?? '';
  const tail = `/${a.dataset.file}:${a.dataset.line}`;
  const path = href.replace(/^vscode:\/\/file\//, '');
  const folder = path.endsWith(tail) ? path.slice(0, -tail.length) : path;
  return /^[A-Za-z]:/.test(folder) ? folder : `/${folder}`;
}

/** Points every VS Code link of the page at the stored checkout, if there is one. */
export function applyCheckout(): void {
  const folder = localStorage.getItem(checkoutKey);
  if (!folder) return;
  for (const a of document.querySelectorAll<HTMLAnchorElement>('a.vscode-link[data-file]')) a.href = vscodeUrl(folder, a.dataset.file!, a.dataset.line!);
}

function onClick(e: MouseEvent): void {
  const a = (e.target as Element | null)?.closest?.<HTMLAnchorElement>('a.vscode-link[data-file]');
  if (!a) return;
  let folder = localStorage.getItem(checkoutKey);
  if (!folder || e.altKey) {
    e.preventDefault();
    const zh = document.documentElement.lang.startsWith('zh');
    folder = window.prompt(zh ? ask.zh : ask.en, folder ?? builtFolder(a));
    if (!folder?.trim()) return;
    localStorage.setItem(checkoutKey, folder.trim());
    applyCheckout();
    window.location.href = a.href;
  }
}

export function installVscodeLinks(): void {
  document.addEventListener('click', onClick);
}
