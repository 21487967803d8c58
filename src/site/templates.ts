/**
 * The compiled templates: each kind of page and the Astro component that renders it, through
 * Astro's container API. Part of the render module only (see compile.ts), where the components
 * are compiled and `threadline:scripts` maps their scripts to the files the browser loads.
 */
import { experimental_AstroContainer } from 'astro/container';
// @ts-expect-error a module of the render module's build (see compile.ts)
import scriptUrls from 'threadline:scripts';
import Home from '../templates/pages/Home.astro';
import ListHome from '../templates/pages/ListHome.astro';
import Lookup from '../templates/pages/Lookup.astro';
import MessagePage from '../templates/pages/MessagePage.astro';
import Minutes from '../templates/pages/Minutes.astro';
import MinutesActions from '../templates/pages/MinutesActions.astro';
import MinutesDecisions from '../templates/pages/MinutesDecisions.astro';
import Month from '../templates/pages/Month.astro';
import MonthThreads from '../templates/pages/MonthThreads.astro';
import NotFound from '../templates/pages/NotFound.astro';
import Patches from '../templates/pages/Patches.astro';
import PatchesLost from '../templates/pages/PatchesLost.astro';
import PatchSeries from '../templates/pages/PatchSeries.astro';
import Search from '../templates/pages/Search.astro';
import Thread from '../templates/pages/Thread.astro';
import { escapeHTML } from './astro-runtime.ts';
import type { PageModel } from './models.ts';
import type { Templates } from './render.ts';

const COMPONENTS = {
  home: Home,
  search: Search,
  lookup: Lookup,
  notFound: NotFound,
  list: ListHome,
  month: Month,
  monthThreads: MonthThreads,
  thread: Thread,
  minutes: Minutes,
  minutesActions: MinutesActions,
  minutesDecisions: MinutesDecisions,
  patches: Patches,
  patchSeries: PatchSeries,
  patchesLost: PatchesLost,
} as const satisfies Record<Exclude<PageModel['kind'], 'message'>, unknown>;

// Placeholders for the message page's shell: private-use characters no escaping touches.
const TITLE = '\uf8ffthreadline-title\uf8ff';
const MAIN = '\uf8ffthreadline-main\uf8ff';

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
 * The site's templates, ready to render.
 */
export async function createTemplates(): Promise<Templates> {
  const scripts = scriptUrls as Record<string, string>;
  const container = await experimental_AstroContainer.create({
    resolve: async (id: string) => {
      const url = scripts[id];
      if (url === undefined) throw new Error(`no compiled script for ${id}`);
      return url;
    },
  });
  // A message page is the layout around HTML built elsewhere: rendered once with placeholders,
  // then filled in for each message, with the title escaped as Astro escapes it. The templates
  // test checks that this equals rendering the page through the container.
  const shell = await renderDocument(container, MessagePage, { title: TITLE, main: MAIN });
  const [beforeTitle, afterTitle, ...restTitle] = shell.split(TITLE);
  if (beforeTitle === undefined || afterTitle === undefined || restTitle.length > 0) throw new Error('the message page template must show its title once');
  const [betweenParts, afterMain, ...restMain] = afterTitle.split(MAIN);
  if (betweenParts === undefined || afterMain === undefined || restMain.length > 0) throw new Error('the message page template must show its main content once');
  return {
    messageShell: (title, main) => `${beforeTitle}${escapeHTML(title)}${betweenParts}${main}${afterMain}`,
    page: (model, parts) => renderDocument(container, COMPONENTS[model.kind as keyof typeof COMPONENTS], { model, parts }),
  };
}

/**
 * Render a message page through the container, as the shell would: for tests.
 *
 * @param title the page's title
 * @param main its main content
 */
export async function renderMessagePageDirectly(title: string, main: string): Promise<string> {
  const container = await experimental_AstroContainer.create({ resolve: async (id: string) => (scriptUrls as Record<string, string>)[id] ?? id });
  return renderDocument(container, MessagePage, { title, main });
}
