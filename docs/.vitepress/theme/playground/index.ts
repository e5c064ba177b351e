// The <Playground scenario="…"/> component of the playground pages. defineClientComponent loads it
// in the browser only (never during the build's server render) and only on a page that uses it:
// the engine and the QUIC stack it runs are chunks of their own, which other pages never fetch.
import { defineClientComponent } from 'vitepress';

export const Playground = defineClientComponent(() => import('./Playground.vue'));
