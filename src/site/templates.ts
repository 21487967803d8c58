/**
 * The compiled templates: each kind of page and the Astro component that renders it, through
 * Astro's container API. Part of the render module only (see compile.ts), where the components
 * are compiled and `threadline:scripts` maps their scripts to the files the browser loads.
 */
import { experimental_AstroContainer } from 'astro/container';
// @ts-expect-error a module of the render module's build (see compile.ts)
import scriptUrls from 'threadline:scripts';
import Home from '../templates/pages/Home.astro';
import Author from '../templates/pages/Author.astro';
import Authors from '../templates/pages/Authors.astro';
import ListHome from '../templates/pages/ListHome.astro';
import Lookup from '../templates/pages/Lookup.astro';
import MessagePage from '../templates/pages/MessagePage.astro';
import Minutes from '../templates/pages/Minutes.astro';
import MinutesActions from '../templates/pages/MinutesActions.astro';
import MinutesDecisions from '../templates/pages/MinutesDecisions.astro';
import MinutesSeries from '../templates/pages/MinutesSeries.astro';
import MinutesTopics from '../templates/pages/MinutesTopics.astro';
import Month from '../templates/pages/Month.astro';
import MonthThreads from '../templates/pages/MonthThreads.astro';
import NotFound from '../templates/pages/NotFound.astro';
import Patches from '../templates/pages/Patches.astro';
import PatchesLost from '../templates/pages/PatchesLost.astro';
import PatchSeries from '../templates/pages/PatchSeries.astro';
import Search from '../templates/pages/Search.astro';
import Thread from '../templates/pages/Thread.astro';
import { t } from '../templates/site.ts';
import { escapeHTML } from './astro-runtime.ts';
import type { FeedLink, PageModel } from './models.ts';
import type { Templates } from './render.ts';

const COMPONENTS = {
  home: Home,
  search: Search,
  lookup: Lookup,
  notFound: NotFound,
  list: ListHome,
  authors: Authors,
  author: Author,
  month: Month,
  monthThreads: MonthThreads,
  thread: Thread,
  minutes: Minutes,
  minutesActions: MinutesActions,
  minutesDecisions: MinutesDecisions,
  minutesSeries: MinutesSeries,
  minutesTopics: MinutesTopics,
  patches: Patches,
  patchSeries: PatchSeries,
  patchesLost: PatchesLost,
} as const satisfies Record<Exclude<PageModel['kind'], 'message'>, unknown>;

// Placeholders for the message page's shell: private-use characters no escaping touches.
const placeholder = (name: string) => `\uf8ffthreadline-${name}\uf8ff`;
const PLACEHOLDER = /\uf8ffthreadline-([a-z0-9]+)\uf8ff/;
const SHELL_FEEDS = [0, 1].map((k) => ({ title: placeholder(`feed${k}title`), path: placeholder(`feed${k}path`) }));

/** An attribute value escaped as Astro's `addAttribute` escapes it. */
function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&#38;').replace(/"/g, '&#34;');
}

/**
 * Render a component to a whole HTML document.
 *
 * @param container the container
 * @param component the page component
 * @param props its props
 */
async function renderDocument(container: experimental_AstroContainer, component: unknown, props: Record<string, unknown>): Promise<string> {
  return container.renderToString(component as Parameters<experimental_AstroContainer['renderToString']>[0], { props, partial: false });
}

/**
 * Pages a container renders before the next is made. Astro's container (5.18) adds a route to its
 * manifest for every page it renders, never drops one, and finds each render's route by scanning
 * that list: through one container, a worker's renders slowed as it went and each kept about 1 KB
 * (see README, *Templates*).
 */
export const CONTAINER_RENDERS = 1000;

/**
 * The site's templates, ready to render.
 */
export async function createTemplates(): Promise<Templates> {
  const scripts = scriptUrls as Record<string, string>;
  const create = () =>
    experimental_AstroContainer.create({
      resolve: async (id: string) => {
        const url = scripts[id];
        if (url === undefined) throw new Error(`no compiled script for ${id}`);
        return url;
      },
    });
  let container = await create();
  let rendered = 0;
  // A message page is the layout around HTML built elsewhere: rendered once with placeholders,
  // then filled in for each message, with the title escaped as Astro escapes it. The templates
  // test checks that this equals rendering the page through the container.
  const shell = await renderDocument(container, MessagePage, { title: placeholder('title'), main: placeholder('main'), feeds: SHELL_FEEDS });
  // Odd elements are placeholder names, even ones the text between them.
  const pieces = shell.split(PLACEHOLDER);
  const names = pieces.filter((_, i) => i % 2 === 1).sort();
  const expected = ['feed0path', 'feed0title', 'feed1path', 'feed1title', 'main', 'title'];
  if (names.join() !== expected.join()) throw new Error(`the message page template must show its title, main content and two feeds once each, not ${names.join(', ')}`);
  return {
    messageShell: (title, main, feeds) => {
      const values: Record<string, string> = {
        title: escapeHTML(title) as string,
        main,
        feed0title: escapeAttribute(feeds[0].title),
        feed0path: escapeAttribute(feeds[0].path),
        feed1title: escapeAttribute(feeds[1].title),
        feed1path: escapeAttribute(feeds[1].path),
      };
      return pieces.map((p, i) => (i % 2 === 1 ? values[p]! : p)).join('');
    },
    page: async (model, parts) => {
      // A page that is rendering keeps the container it began with.
      if (++rendered % CONTAINER_RENDERS === 0) container = await create();
      return renderDocument(container, COMPONENTS[model.kind as keyof typeof COMPONENTS], { model, parts });
    },
    strings: t,
  };
}

/**
 * Render a message page through the container, as the shell would: for tests.
 *
 * @param title the page's title
 * @param main its main content
 * @param feeds the page's two feeds
 */
export async function renderMessagePageDirectly(title: string, main: string, feeds: readonly [FeedLink, FeedLink]): Promise<string> {
  const container = await experimental_AstroContainer.create({ resolve: async (id: string) => (scriptUrls as Record<string, string>)[id] ?? id });
  return renderDocument(container, MessagePage, { title, main, feeds });
}
