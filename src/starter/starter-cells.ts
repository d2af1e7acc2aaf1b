/**
 * The cells of the starter notebook, one builder per kind of section. Pure: strings in,
 * cells out. Python string literals are written with JSON.stringify, which Python reads
 * as the same string (both escape quotes, backslashes and control characters alike).
 */
import { datastoreCode, setupCode } from './python-helpers.js';
import { sanitizeMarkdown } from './sanitize-markdown.js';
import { localizeCode, type SkippedWhy, type StarterText } from './starter-text.js';
import type { SkippedFacts, StarterDataset, StarterSection } from './starter-types.js';

export interface Cell {
  readonly cell_type: 'markdown' | 'code';
  readonly source: string;
}

const md = (source: string): Cell => ({ cell_type: 'markdown', source });
const code = (source: string): Cell => ({ cell_type: 'code', source });
const py = (value: string) => JSON.stringify(value);
/** Text for a Markdown line: no line breaks, no raw HTML. */
const inline = (text: string) => sanitizeMarkdown(text).replace(/\s+/g, ' ');

export function titleCells(d: StarterDataset, t: StarterText): Cell[] {
  const licence = d.licenseTitle
    ? d.licenseUrl && /^https?:/i.test(d.licenseUrl)
      ? `[${inline(d.licenseTitle)}](${d.licenseUrl})`
      : inline(d.licenseTitle)
    : t.noLicence;
  const facts = [
    `- **${t.licence}:** ${licence}`,
    d.organization ? `- **${t.organization}:** ${inline(d.organization)}` : '',
    d.tags.length ? `- **${t.tags}:** ${d.tags.map((tag) => `\`${inline(tag)}\``).join(', ')}` : '',
    `- **${t.datasetPage}:** <${d.pageUrl}>`,
  ].filter(Boolean);
  const notes = sanitizeMarkdown(d.notes);
  return [
    md(
      [`# ${inline(d.title)}`, notes, facts.join('\n'), t.generated(d.metadataModified)]
        .filter(Boolean)
        .join('\n\n'),
    ),
  ];
}

export function setupCells(d: StarterDataset, withDatastore: boolean, t: StarterText): Cell[] {
  const cells = [md(t.setupHeading), code(localizeCode(setupCode, t).trimEnd())];
  if (withDatastore)
    cells.push(code(localizeCode(datastoreCode, t).replace('%SITE%', py(d.siteUrl)).trimEnd()));
  return cells;
}

export function sectionCells(section: StarterSection, index: number, t: StarterText): Cell[] {
  const heading = `## ${inline(section.name)}`;
  const about = section.description ? `\n\n${inline(section.description)}` : '';
  const v = `data_${index}`;
  switch (section.kind) {
    case 'file': {
      const source = t.fileSource(
        inline(section.name),
        inline(section.format),
        section.file,
        section.url,
      );
      if (section.reader === 'none')
        return [md(`${heading}${about}\n\n${t.noReader(section.file)}\n\n${source}`)];
      return [
        md(`${heading}${about}\n\n${source}`),
        code(
          `${v} = read_data(DATA / ${py(section.file)}, ${py(section.reader)})\noverview(${v}, ${py(section.file)})`,
        ),
        code(`describe(${v})`),
        code(`quick_chart(${v}, ${py(section.file)})`),
      ];
    }
    case 'datastore': {
      const id = py(section.resourceId);
      const r = `resource_${index}`;
      return [
        md(`${heading}${about}\n\n${t.datastoreIntro(inline(section.name), section.resourceId)}`),
        code(
          `${r} = ${id}\n${v} = first_page(${r}, DATA / ${py(section.firstPageFile)})\noverview(${v}, ${py(section.name)})`,
        ),
        code(`describe(${v})\nquick_chart(${v}, ${py(section.name)})`),
        md(t.datastoreRest),
        code(
          [
            'try:',
            `    all_rows_${index} = datastore_all(${r})`,
            `    print(f"{len(all_rows_${index})} rows")`,
            'except OSError as error:',
            '    print(f"The portal cannot be reached from here (or refused): {error}")',
          ].join('\n'),
        ),
        md(t.datastoreSql),
        code(
          [
            `sql = f'SELECT count(*) AS row_count FROM "{${r}}"'`,
            'try:',
            '    print(ckan_action("datastore_search_sql", sql=sql)["records"])',
            'except urllib.error.HTTPError as error:',
            '    print(f"The portal refused SQL search (HTTP {error.code}): it may be switched off, or the table is private.")',
            'except OSError as error:',
            '    print(f"The portal cannot be reached from here: {error}")',
          ].join('\n'),
        ),
      ];
    }
    case 'skipped': {
      const fetch = section.url
        ? `\n\n${t.fetchByHand}\n\n\`\`\`python\nimport urllib.request\nurllib.request.urlretrieve(${py(section.url)}, ${py(`data/${section.name.replace(/[^\p{L}\p{N}._-]+/gu, '_')}`)})\n\`\`\``
        : '';
      return [
        md(
          `${t.skippedHeading(inline(section.name))}${about}\n\n${t.skippedWhy ? skippedWhy(t.skippedWhy, section.reason, section.facts ?? {}) : inline(section.message)}${fetch}`,
        ),
      ];
    }
    case 'notebook':
      return [];
  }
}

export function notebookListCell(sections: readonly StarterSection[], t: StarterText): Cell[] {
  const notebooks = sections.filter((s) => s.kind === 'notebook');
  if (notebooks.length === 0) return [];
  const list = notebooks.map((n) => `- [${inline(n.name)}](${encodeURI(n.file)})`).join('\n');
  return [md(`${t.otherNotebooks}\n\n${list}`)];
}

/** Why a resource was skipped, in `why`'s language, from the plan's facts (inline text). */
function skippedWhy(why: SkippedWhy, reason: 'size' | 'format' | 'link', f: SkippedFacts): string {
  if (reason === 'link') return why.link;
  if (reason === 'format')
    return inline((f.notLoaded ? why.notLoaded : why.format)(f.format ?? '', f.formats ?? []));
  return why.size(f.size ?? 0, f.left ?? 0, f.limit ?? 0);
}
