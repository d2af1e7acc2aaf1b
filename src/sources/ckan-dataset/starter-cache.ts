/**
 * Starter notebooks generated from a dataset's metadata and copy plan, kept for the last
 * few datasets per version, plan and language, so repeated launches and previews of an
 * unchanged dataset skip the generation.
 */
import { buildStarterNotebook } from '../../starter/build-starter-notebook.js';
import { starterLanguage } from '../../starter/starter-text.js';
import type { DatasetMeta } from './dataset-meta.js';
import type { DatasetPlan } from './plan-dataset.js';

export interface StarterNotebook {
  readonly meta: DatasetMeta;
  readonly plan: DatasetPlan;
  readonly fileName: string;
  readonly content: Buffer;
}

const cacheEntries = 32;

export class StarterCache {
  /** Starter bytes per dataset version and plan; insertion order is the LRU order. */
  private readonly starters = new Map<string, Buffer>();

  /** The starter for `meta` and `plan` in `lang` (English when absent or unknown), built or reused. */
  starter(meta: DatasetMeta, plan: DatasetPlan, lang: string | undefined): StarterNotebook {
    const language = starterLanguage(lang);
    const key = JSON.stringify([
      language,
      meta.dataset.id,
      meta.starter.metadataModified,
      plan.starterFile,
      plan.sections,
    ]);
    let content = this.starters.get(key);
    if (content) this.starters.delete(key);
    else
      content = buildStarterNotebook({
        dataset: meta.starter,
        sections: plan.sections,
        lang: language,
      });
    this.starters.set(key, content);
    while (this.starters.size > cacheEntries)
      this.starters.delete(this.starters.keys().next().value!);
    return { meta, plan, fileName: plan.starterFile, content };
  }
}
