// VitePress reads the pages that scripts/docs/generate.ts writes into docs/.generated (run it
// first: `npm run docs` and `npm run docs:build` do). Sidebars come from its site.json.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitepress';
import { withMermaid } from 'vitepress-plugin-mermaid';

const manifest = JSON.parse(readFileSync(fileURLToPath(new URL('../.generated/site.json', import.meta.url)), 'utf8'));

export default withMermaid(
  defineConfig({
    srcDir: '.generated',
    title: 'QUIC accept path',
    description: 'How a production QUIC server (quic-go v0.47.0) accepts a connection, step by step, in TypeScript.',
    cleanUrls: false,
    head: [['link', { rel: 'icon', href: "data:image/svg+xml,<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 16 16'><text y='14' font-size='14'>Q</text></svg>" }]],
    lastUpdated: false,
    // Any dead link fails the build (VitePress's default); localhost links are never in the pages.
    ignoreDeadLinks: false,
    markdown: {
      config(md) {
        // Inline code keeps `{{ … }}` literal (Vue would interpolate it); fenced blocks already do.
        const inline = md.renderer.rules.code_inline!;
        md.renderer.rules.code_inline = (tokens, idx, options, env, self) => inline(tokens, idx, options, env, self).replace(/^<code/, '<code v-pre');
        // A mermaid fence becomes the theme's MermaidDiagram (zoom, pan, full screen) instead of the plugin's bare one.
        const fence = md.renderer.rules.fence!;
        md.renderer.rules.fence = (tokens, idx, options, env, self) => {
          const token = tokens[idx]!;
          if (token.info.trim() !== 'mermaid') return fence(tokens, idx, options, env, self);
          return `<MermaidDiagram id="mermaid-${idx}" graph="${encodeURIComponent(token.content)}" />`;
        };
      },
    },
    locales: {
      root: {
        label: 'English',
        lang: 'en',
        themeConfig: { sidebar: manifest.sidebars.en, nav: [{ text: 'Overview', link: '/overview' }, { text: 'Running', link: '/running' }, { text: 'Playground', link: '/playground/' }] },
      },
      zh: {
        label: '简体中文',
        lang: 'zh-CN',
        title: 'QUIC 接受连接之路',
        description: '一步步看生产级 QUIC 服务器（quic-go v0.47.0）如何接受连接，用 TypeScript 重写。',
        themeConfig: {
          sidebar: manifest.sidebars.zh,
          nav: [{ text: '总览', link: '/zh/overview' }, { text: '运行与调试', link: '/zh/running' }, { text: '演练场', link: '/zh/playground/' }],
          docFooter: { prev: '上一页', next: '下一页' },
          outline: { label: '本页目录' },
          langMenuLabel: '语言',
          returnToTopLabel: '回到顶部',
          sidebarMenuLabel: '目录',
          darkModeSwitchLabel: '外观',
          notFound: { title: '页面不存在', quote: '这个地址没有页面：也许它改了名字，或者链接写错了。', linkLabel: '回到首页', linkText: '回到首页' },
        },
      },
    },
    themeConfig: {
      search: {
        provider: 'local',
        options: {
          locales: {
            zh: {
              translations: {
                button: { buttonText: '搜索', buttonAriaLabel: '搜索' },
                modal: {
                  noResultsText: '没有结果',
                  resetButtonTitle: '清除',
                  footer: { selectText: '选择', navigateText: '切换', closeText: '关闭' },
                },
              },
            },
          },
        },
      },
      outline: 'deep',
    },
    // The prebuilt, minified ES build of mermaid: the site build need not bundle its sources again.
    vite: {
      resolve: { alias: [{ find: /^mermaid$/, replacement: 'mermaid/dist/mermaid.esm.min.mjs' }] },
      build: { chunkSizeWarningLimit: 4096 },
    },
    // Diagrams keep their natural size (MermaidDiagram pans and zooms the wide ones) instead of shrinking to illegible.
    // Sequence diagrams in 14 px text (the size of code on the page) with lifelines closer than
    // mermaid's default: trace messages are broken into short lines by trace-diagrams.ts.
    mermaid: { fontSize: 14, sequence: { useMaxWidth: false, actorMargin: 30, width: 120 }, flowchart: { useMaxWidth: false, nodeSpacing: 25, rankSpacing: 45 } },
  }),
);
