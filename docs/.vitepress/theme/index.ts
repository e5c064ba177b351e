// The default theme, with the diagram frame (zoom, pan, full screen), the source pages' target
// line, the "VS Code" links that open the reader's own checkout, the playground (loaded on its
// pages only) and the site's styles.
import DefaultTheme from 'vitepress/theme';
import { inBrowser, type Theme } from 'vitepress';
import MermaidDiagram from './MermaidDiagram.vue';
import { Playground } from './playground/index.ts';
import { markTargetLine } from './source-lines.ts';
import { applyCheckout, installVscodeLinks } from './vscode-links.ts';
import './style.css';

/** After a page is shown (first load, in-site navigation, a new #L anchor). */
function afterPageShown(): void {
  requestAnimationFrame(() => {
    markTargetLine();
    applyCheckout();
  });
}

export default {
  extends: DefaultTheme,
  enhanceApp({ app, router }) {
    app.component('MermaidDiagram', MermaidDiagram);
    app.component('Playground', Playground);
    if (!inBrowser) return;
    installVscodeLinks();
    const previous = router.onAfterRouteChange;
    router.onAfterRouteChange = async (to) => {
      await previous?.(to);
      afterPageShown();
    };
    window.addEventListener('hashchange', afterPageShown);
    window.addEventListener('load', afterPageShown);
  },
} satisfies Theme;
