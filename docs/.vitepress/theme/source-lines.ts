// Source pages: the line the address names (`#L407`) is marked and scrolled to the middle of the
// window, on a first visit and after in-site navigation too (VitePress changes the address with
// pushState, which CSS's :target does not follow).
export function markTargetLine(): void {
  for (const el of document.querySelectorAll('.source-file .line.current')) el.classList.remove('current');
  const id = decodeURIComponent(location.hash.slice(1));
  const line = /^L\d+$/.test(id) ? document.getElementById(id) : null;
  if (!line?.closest('.source-file')) return;
  line.classList.add('current');
  line.scrollIntoView({ block: 'center' });
}
