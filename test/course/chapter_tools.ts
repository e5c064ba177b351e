// What a chapter's scenario needs besides node, for the tests that run every chapter
// (scenarios.test.ts, guides.test.ts): without it the chapter's test is skipped, as the interop
// tests are (test/peers/availability.ts; QUIC_REQUIRE_INTEROP=1 makes it fail instead,
// QUIC_HIDE_PEERS=chromium shows what a machine without Chromium sees).
import type { Chapter } from '../../scripts/course/course.ts';
import { skipWithout, type Tool } from '../peers/availability.ts';

const needs: Record<string, Tool[]> = {
  '10': ['chromium'],
};

/** true when this chapter's scenario cannot run here and the tests should skip it. */
export function skipChapter(chapter: Chapter): boolean {
  return skipWithout(...(needs[chapter.number] ?? []));
}

/**
 * Chapter 10 on the small fixture site, which needs no site build (npm run docs:build), unless
 * CHAPTER10_SITE is set already (CHAPTER10_SITE=course: docs/.vitepress/dist, as `npm run chapter -- 10`).
 */
export function chapter10OnFixtureSite(): void {
  process.env.CHAPTER10_SITE ??= 'fixture';
}
